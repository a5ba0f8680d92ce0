package io.pharos.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The times a request may carry: an ISO-8601 instant ({@code 2026-01-31T12:00:00Z}) or a date
 * ({@code 2026-01-31}, midnight UTC), in the years 1 to 9999: what both databases hold (PostgreSQL refuses
 * larger timestamps, and SQLite's ISO text sorts correctly only there).
 */
public final class Times {
    /** How a bad time is explained, for query parameters and body fields alike. */
    public static final String EXPECTED = "must be an ISO-8601 time like 2026-01-31T12:00:00Z or a date like 2026-01-31, in the years 1 to 9999";
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private Times() {}

    /** The instant {@code text} names, or null when it is not a time or date in range. */
    public static Instant parse(String text) {
        try {
            Instant t = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
            return inRange(t) ? t : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** True when both databases can hold {@code t}. */
    public static boolean inRange(Instant t) {
        return !t.isBefore(EARLIEST) && t.isBefore(LATEST);
    }
}
