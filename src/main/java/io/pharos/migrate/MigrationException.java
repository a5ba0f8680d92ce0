package io.pharos.migrate;

import io.pharos.common.PharosException;

/** The migration stopped: a bad row under {@code --on-error abort}, a checksum mismatch, a refused target. */
public final class MigrationException extends PharosException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override public int status() { return 500; }
    @Override public String title() { return "Migration failed"; }
}
