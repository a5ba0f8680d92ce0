package io.pharos.backup;

import io.pharos.common.PharosException;

/** A backup or restore could not be made or verified; the message says why and what to do. */
public final class BackupFailedException extends PharosException {
    public BackupFailedException(String message) {
        super(message);
    }

    public BackupFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override public int status() { return 500; }
    @Override public String title() { return "Backup failed"; }
}
