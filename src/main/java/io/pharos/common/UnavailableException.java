package io.pharos.common;

/** The database cannot serve now (pool exhausted, timeout, not ready). 503 with Retry-After. */
public final class UnavailableException extends PharosException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override public int status() { return 503; }
    @Override public String title() { return "Service unavailable"; }
}
