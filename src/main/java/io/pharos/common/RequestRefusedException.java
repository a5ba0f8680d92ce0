package io.pharos.common;

/**
 * A request refused for what it is rather than what it asks (its body's type or size, its Host, the site it
 * comes from), naming the header or {@code body} at fault in {@link #field()}.
 */
public final class RequestRefusedException extends PharosException {
    /** Why the request was refused. */
    public enum Reason {
        /** The body is not JSON (or not UTF-8). */
        UNSUPPORTED_MEDIA_TYPE,
        /** The Host header names a server this one is not (DNS rebinding). */
        MISDIRECTED,
        /** A change without a key sent from another site. */
        CROSS_SITE,
        /** The body is larger than the server takes. */
        TOO_LARGE,
        /** The body stopped arriving before it was complete. */
        BODY_TIMEOUT
    }

    private final Reason reason;
    private final String header;

    public RequestRefusedException(Reason reason, String header, String message) {
        super(message);
        this.reason = reason;
        this.header = header;
    }

    public Reason reason() {
        return reason;
    }

    /** At most 100 characters with control characters replaced, for echoing a header value in a message. */
    public static String printable(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String field() {
        return header;
    }
}
