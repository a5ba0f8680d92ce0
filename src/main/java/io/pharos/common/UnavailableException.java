package io.pharos.common;

/** The database or a service it needs cannot serve now (unreachable, pool exhausted, timeout, not ready): retrying may help. */
public final class UnavailableException extends PharosException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
