package io.pharos.migrate.bulk;

/** A value that no conversion rule accepts: the row it belongs to is a bad row. Names the column and why. */
public final class BadValueException extends Exception {
    private final String column;
    private final String reason;

    public BadValueException(String column, String reason) {
        super(column + ": " + reason);
        this.column = column;
        this.reason = reason;
    }

    public String column() { return column; }
    public String reason() { return reason; }
}
