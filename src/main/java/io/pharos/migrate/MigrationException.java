package io.pharos.migrate;

import io.pharos.common.OperationFailedException;

/** The migration stopped: a bad row under {@code --on-error abort}, a checksum mismatch, a refused target. */
public final class MigrationException extends OperationFailedException {
    public MigrationException(String message) {
        super(Operation.MIGRATION, message, null);
    }

    public MigrationException(String message, Throwable cause) {
        super(Operation.MIGRATION, message, cause);
    }
}
