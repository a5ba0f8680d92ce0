package io.pharos.common;

/** An input is wrong: a field has a bad value, or a parameter, option or the body itself is malformed. */
public final class InvalidInputException extends PharosException {
    private final String field;
    private final boolean malformed;

    private InvalidInputException(boolean malformed, String field, String message) {
        super(message);
        this.malformed = malformed;
        this.field = field;
    }

    /** A field of the input has the wrong value. */
    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(false, field, message);
    }

    /** A query/path parameter, an option or the body itself is malformed: the request cannot be read as one. */
    public static InvalidInputException badRequest(String field, String message) {
        return new InvalidInputException(true, field, message);
    }

    /** True for {@link #badRequest}: the request itself is malformed, not one field's value. */
    public boolean malformed() { return malformed; }
    @Override public String field() { return field; }
}
