package io.pharos.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.common.InvalidInputException;
import io.pharos.common.Times;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * A listing request: the {@link ResourceFilter}, sort and keyset position. The cursor is opaque to clients: base64url of
 * a small JSON object holding the sort it belongs to and the last row's sort value and id.
 */
public record ResourceQuery(
        ResourceFilter filter,
        Sort sort,
        boolean descending,
        int limit,
        After after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;
    private static final ObjectMapper CURSOR_JSON = new ObjectMapper();

    /** Sortable fields. {@code expression} is a fixed SQL fragment over {@code resources r}, never user text. */
    public enum Sort {
        CREATED_AT("r.created_at"),
        UPDATED_AT("r.updated_at"),
        TITLE("r.title"),
        QUALITY_SCORE("COALESCE(r.quality_score, -1)");   // unrated sorts below 0

        final String expression;

        Sort(String expression) {
            this.expression = expression;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Sort parse(String text) {
            for (Sort s : values()) if (s.wire().equals(text)) return s;
            throw InvalidInputException.badRequest("sort", "must be one of created_at, updated_at, title, quality_score");
        }

        /** The sort key of a row, typed as the store binds it. */
        Object keyOf(Resource r) {
            return switch (this) {
                case CREATED_AT -> r.createdAt();
                case UPDATED_AT -> r.updatedAt();
                case TITLE -> r.title();
                case QUALITY_SCORE -> r.qualityScore() == null ? -1.0 : r.qualityScore();
            };
        }
    }

    /** Keyset position: rows strictly after (value, id) in the sort order. */
    public record After(Object value, ResourceId id) {}

    public String cursorAfter(Resource last) {
        ObjectNode node = CURSOR_JSON.createObjectNode();
        node.put("s", sort.wire());
        node.put("d", descending ? "desc" : "asc");
        Object key = sort.keyOf(last);
        if (key instanceof Double d) node.put("v", d);
        else node.put("v", key.toString());
        node.put("id", last.id().toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor for this sort; one made for another sort or direction is refused. */
    public static After decodeCursor(String cursor, Sort sort, boolean descending) {
        if (cursor == null) return null;
        try {
            JsonNode node = CURSOR_JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            if (!sort.wire().equals(node.path("s").asText()) || !(descending ? "desc" : "asc").equals(node.path("d").asText())) {
                throw InvalidInputException.badRequest("cursor", "belongs to another sort order; start again without a cursor");
            }
            ResourceId id = ResourceId.parse(node.path("id").asText(), "cursor");
            JsonNode v = node.get("v");
            Object value = switch (sort) {
                case CREATED_AT, UPDATED_AT -> {
                    Instant at = Instant.parse(v.asText());
                    if (!Times.inRange(at)) throw new IllegalArgumentException();
                    yield at;
                }
                case TITLE -> {
                    if (!v.isTextual() || v.asText().indexOf('\u0000') >= 0) throw new IllegalArgumentException();
                    yield v.asText();
                }
                case QUALITY_SCORE -> {
                    if (!v.isNumber()) throw new IllegalArgumentException();
                    yield v.doubleValue();
                }
            };
            return new After(value, id);
        } catch (InvalidInputException e) {
            if ("cursor".equals(e.field())) throw e;
            throw InvalidInputException.badRequest("cursor", "is not a cursor this server issued");
        } catch (RuntimeException | java.io.IOException e) {
            throw InvalidInputException.badRequest("cursor", "is not a cursor this server issued");
        }
    }
}
