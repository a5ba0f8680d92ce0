package io.pharos.common;

/** Optimistic concurrency: the version the caller based its change on is stale. Carries the current version. */
public final class StaleVersionException extends PharosException {
    private final long currentVersion;

    public StaleVersionException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() { return currentVersion; }
    @Override public String field() { return "version"; }
}
