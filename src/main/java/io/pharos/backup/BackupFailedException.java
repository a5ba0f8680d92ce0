package io.pharos.backup;

import io.pharos.common.OperationFailedException;

/** A backup or restore could not be made or verified; the message says why and what to do. */
public final class BackupFailedException extends OperationFailedException {
    public BackupFailedException(String message) {
        super(Operation.BACKUP, message, null);
    }

    public BackupFailedException(String message, Throwable cause) {
        super(Operation.BACKUP, message, cause);
    }
}
