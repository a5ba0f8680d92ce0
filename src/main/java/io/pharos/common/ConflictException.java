package io.pharos.common;

/** Optimistic-concurrency conflict: the caller's version is stale. Carries the current version. */
public final class ConflictException extends PharosException {
    private final long currentVersion;

    public ConflictException(String message, long currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() { return currentVersion; }
    @Override public int status() { return 409; }
    @Override public String title() { return "Version conflict"; }
    @Override public String field() { return "version"; }
}
