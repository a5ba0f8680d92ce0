package io.pharos.http;

import io.pharos.common.PharosException;

/**
 * A request refused for what it is rather than what it asks (its type, its Host, where it comes from),
 * naming the header at fault in the problem's {@code field}.
 */
public final class RequestRefused extends PharosException {
    private final int status;
    private final String title;
    private final String header;

    public RequestRefused(int status, String title, String header, String message) {
        super(message);
        this.status = status;
        this.title = title;
        this.header = header;
    }

    /** At most 100 characters with control characters replaced, for echoing a header value in a message. */
    public static String printable(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override public int status() { return status; }
    @Override public String title() { return title; }
    @Override public String field() { return header; }
}
