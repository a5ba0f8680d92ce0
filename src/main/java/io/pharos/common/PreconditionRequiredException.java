package io.pharos.common;

/** An update was sent without the version it is based on (428 Precondition Required). */
public final class PreconditionRequiredException extends PharosException {
    public PreconditionRequiredException(String message) {
        super(message);
    }

    @Override public int status() { return 428; }
    @Override public String title() { return "Version required"; }
    @Override public String field() { return "version"; }
}
