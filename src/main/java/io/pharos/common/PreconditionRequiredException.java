package io.pharos.common;

/** An update was sent without the version it is based on. */
public final class PreconditionRequiredException extends PharosException {
    public PreconditionRequiredException(String message) {
        super(message);
    }

    @Override public String field() { return "version"; }
}
