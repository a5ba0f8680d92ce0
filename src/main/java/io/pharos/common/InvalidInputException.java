package io.pharos.common;

/** A request field or parameter is wrong. 422 for body fields, 400 for malformed requests and parameters. */
public final class InvalidInputException extends PharosException {
    private final String field;
    private final int status;

    private InvalidInputException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** A body field has the wrong value (422 Unprocessable Content). */
    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(422, field, message);
    }

    /** A query/path parameter or the body itself is malformed (400 Bad Request). */
    public static InvalidInputException badRequest(String field, String message) {
        return new InvalidInputException(400, field, message);
    }

    @Override public int status() { return status; }
    @Override public String title() { return status == 400 ? "Bad request" : "Invalid field"; }
    @Override public String field() { return field; }
}
