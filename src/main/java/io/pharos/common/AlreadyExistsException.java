package io.pharos.common;

/** Something with the same unique value (email, slug, link) already exists; names the field at fault. */
public final class AlreadyExistsException extends PharosException {
    private final String field;

    public AlreadyExistsException(String field, String message) {
        super(message);
        this.field = field;
    }

    @Override public String field() { return field; }
}
