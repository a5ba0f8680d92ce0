package io.pharos.common;

/**
 * The one unchecked exception root. Each subclass knows its HTTP status; {@code http.Problems}
 * turns any of them into RFC 9457 problem details, and the CLI prints {@link #getMessage()} as one line.
 */
public abstract class PharosException extends RuntimeException {
    protected PharosException(String message) {
        super(message);
    }

    protected PharosException(String message, Throwable cause) {
        super(message, cause);
    }

    /** HTTP status this error maps to. */
    public abstract int status();

    /** Short, stable summary for the problem's {@code title}. */
    public abstract String title();

    /** The request field, parameter or setting at fault, or null. */
    public String field() {
        return null;
    }
}
