package io.pharos.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.common.Ids;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;

import java.util.List;
import java.util.Set;

/**
 * The fields a client may send for a resource, validated with errors that name the field. For a patch,
 * {@code present} tells which fields were sent (a sent null clears an optional field). {@link #read} is the
 * one reader from JSON (routes, the JSON Lines import); services take the record.
 */
public record ResourceInput(
        Set<String> present,
        String title, String description, String content, String creator, String publisher, String source,
        String language, String type, List<String> subject, String identifier, String doi,
        String classificationCode, Double qualityScore, ReadStatus readStatus, Long version) {

    static final int TITLE_MAX = 500;
    static final int SHORT_MAX = 1_000;
    static final int SOURCE_MAX = 4_096;
    static final int DESCRIPTION_MAX = 20_000;
    /**
     * A resource's content is chunked and indexed in its write transaction, which on SQLite holds the one
     * write lock: about a second per million characters (measured), so the cap keeps one document from
     * making everyone else's writes wait for tens of seconds. Split a longer document into parts.
     */
    public static final int CONTENT_MAX = 2_000_000;
    static final int SUBJECT_ITEMS_MAX = 100;
    static final int SUBJECT_LENGTH_MAX = 200;

    static final Set<String> FIELDS = Set.of("title", "description", "content", "creator", "publisher", "source",
            "language", "type", "subject", "identifier", "doi", "classification_code", "quality_score", "read_status", "version");

    /** Reads a resource to create ({@code creating}) or the fields of a patch. */
    public static ResourceInput read(JsonNode body, boolean creating) {
        JsonInput in = JsonInput.of(body, FIELDS);
        if (creating && in.has("version")) throw InvalidInputException.field("version", "is set by the server on create");
        String title = creating || in.has("title") ? in.requiredString("title", TITLE_MAX) : null;
        String status = in.string("read_status", 32);
        if (!creating && in.isNull("read_status")) throw InvalidInputException.field("read_status", "must not be null");
        if (!creating && in.isNull("subject")) throw InvalidInputException.field("subject", "must be an array (send [] to clear it)");
        Set<String> present = new java.util.HashSet<>();
        body.fieldNames().forEachRemaining(present::add);
        return new ResourceInput(Set.copyOf(present), title,
                in.string("description", DESCRIPTION_MAX), in.string("content", CONTENT_MAX),
                in.string("creator", SHORT_MAX), in.string("publisher", SHORT_MAX), in.string("source", SOURCE_MAX),
                in.string("language", SHORT_MAX), in.string("type", SHORT_MAX),
                in.stringList("subject", SUBJECT_ITEMS_MAX, SUBJECT_LENGTH_MAX),
                in.string("identifier", SHORT_MAX), in.string("doi", SHORT_MAX), in.string("classification_code", SHORT_MAX),
                in.number("quality_score", 0.0, 1.0),
                status == null ? null : ReadStatus.parse(status, "read_status", true),
                in.integer("version"));
    }

    boolean sent(String field) {
        return present.contains(field);
    }

    /**
     * One item of a batch create, read on its own: the {@code id} it may carry (null: a new one) and its
     * input, or why it could not be read ({@code invalid}), so a bad item fails alone.
     */
    public record BatchItem(ResourceId id, ResourceInput input, InvalidInputException invalid) {
        public static BatchItem read(JsonNode body) {
            try {
                ResourceId id = null;
                if (body != null && body.isObject() && body.has("id")) {
                    JsonNode given = body.get("id");
                    if (!given.isTextual()) throw InvalidInputException.field("id", "must be a UUID string");
                    id = new ResourceId(Ids.field(given.textValue(), "id"));
                    body = ((ObjectNode) body).deepCopy().without("id");
                }
                return new BatchItem(id, ResourceInput.read(body, true), null);
            } catch (InvalidInputException e) {
                return new BatchItem(null, null, e);
            }
        }
    }
}
