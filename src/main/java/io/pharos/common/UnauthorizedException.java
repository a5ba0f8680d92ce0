package io.pharos.common;

/** No valid credentials were sent. */
public final class UnauthorizedException extends PharosException {
    public UnauthorizedException(String message) {
        super(message);
    }

    @Override public String field() { return "Authorization"; }
}
