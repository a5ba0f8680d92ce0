package io.pharos.common;

/**
 * A long-running operation of a feature could not finish; the message says why and what to do. Its
 * {@link #operation()} tells the HTTP and exit-code mappings which one, so a new kind is a new {@link Operation}.
 */
public abstract non-sealed class OperationFailedException extends PharosException {
    /** What failed. */
    public enum Operation { MIGRATION, BACKUP }

    private final Operation operation;

    protected OperationFailedException(Operation operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    public final Operation operation() { return operation; }
}
