package io.pharos.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.pharos.common.InvalidInputException;
import io.pharos.common.Jsons;
import io.pharos.common.Times;

import java.time.Instant;

/** Request parsing shared by all routes: JSON bodies and typed query parameters with field-named errors. */
public final class Requests {
    /** Strings as long as the body may be: the body limit is the only size limit, not Jackson's 20 M characters. */
    private static final ObjectMapper JSON = Jsons.mapper();
    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) HttpServer.MAX_REQUEST_BYTES).build());
    }
    private static final int PARAM_MAX = 1_000;

    private Requests() {}

    public static JsonNode jsonBody(Context ctx) {
        // UTF-8 whatever the request says: JsonContentType refused any other charset before the route ran
        String body = new String(RequestBody.read(ctx), java.nio.charset.StandardCharsets.UTF_8);
        if (body.isBlank()) throw InvalidInputException.badRequest("body", "is empty; send a JSON object");
        try {
            return JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            StreamReadConstraints limits = JSON.getFactory().streamReadConstraints();
            throw InvalidInputException.badRequest("body", "is beyond what is read: at most " + limits.getMaxNestingDepth()
                    + " levels of nesting and " + limits.getMaxNumberLength() + " digits in a number");
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

    /** A time or date as {@link Times} reads it; null when absent. */
    public static Instant instantParam(Context ctx, String name) {
        String v = textParam(ctx, name);
        if (v == null) return null;
        Instant t = Times.parse(v);
        if (t == null) throw InvalidInputException.badRequest(name, Times.EXPECTED);
        return t;
    }
}
