package io.pharos.common;

/** No valid credentials were sent (401); the response carries {@code WWW-Authenticate: Bearer}. */
public final class UnauthorizedException extends PharosException {
    public UnauthorizedException(String message) {
        super(message);
    }

    @Override public int status() { return 401; }
    @Override public String title() { return "Unauthorized"; }
    @Override public String field() { return "Authorization"; }
}
