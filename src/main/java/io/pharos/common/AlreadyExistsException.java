package io.pharos.common;

/** A uniqueness or state conflict other than a stale version (409), naming the field at fault. */
public final class AlreadyExistsException extends PharosException {
    private final String field;

    public AlreadyExistsException(String field, String message) {
        super(message);
        this.field = field;
    }

    @Override public int status() { return 409; }
    @Override public String title() { return "Conflict"; }
    @Override public String field() { return field; }
}
