package io.pharos.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.pharos.common.InvalidInputException;
import io.pharos.common.Jsons;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Request parsing shared by all routes: JSON bodies and typed query parameters with field-named errors. */
public final class Requests {
    private static final ObjectMapper JSON = Jsons.mapper();
    private static final int PARAM_MAX = 1_000;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private Requests() {}

    public static JsonNode jsonBody(Context ctx) {
        // UTF-8 whatever the request says: JsonContentType refused any other charset before the route ran
        String body = new String(ctx.bodyAsBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (body.isBlank()) throw InvalidInputException.badRequest("body", "is empty; send a JSON object");
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvalidInputException.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A text parameter, null when absent or empty. */
    public static String textParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return null;
        if (v.length() > PARAM_MAX) throw InvalidInputException.badRequest(name, "must be at most " + PARAM_MAX + " characters");
        if (v.indexOf('\0') >= 0) throw InvalidInputException.badRequest(name, "must not contain the NUL character");
        return v;
    }

    public static int intParam(Context ctx, String name, int defaultValue, int min, int max) {
        String v = textParam(ctx, name);
        if (v == null) return defaultValue;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw InvalidInputException.badRequest(name, "must be a whole number from " + min + " to " + max);
    }

    public static Double doubleParam(Context ctx, String name, double min, double max) {
        String v = textParam(ctx, name);
        if (v == null) return null;
        try {
            double d = Double.parseDouble(v);
            if (d >= min && d <= max) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw InvalidInputException.badRequest(name, "must be a number from " + min + " to " + max);
    }

    /** An ISO-8601 instant ({@code 2026-01-31T12:00:00Z}) or a date ({@code 2026-01-31}, midnight UTC). */
    public static Instant instantParam(Context ctx, String name) {
        String v = textParam(ctx, name);
        if (v == null) return null;
        Instant t;
        try {
            t = v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw InvalidInputException.badRequest(name, "must be an ISO-8601 time like 2026-01-31T12:00:00Z or a date like 2026-01-31");
        }
        // both databases hold years 1..9999 (and SQLite's ISO text sorts correctly only there)
        if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) throw InvalidInputException.badRequest(name, "must be between the years 1 and 9999");
        return t;
    }
}
