package io.pharos.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.common.InvalidInputException;

/**
 * The {@code include} parameter of a list of resources (a listing, search hits): by default each resource is
 * its metadata without its {@code content}, which can weigh megabytes; {@code include=content} keeps it.
 */
public final class ContentInclude {
    private ContentInclude() {}

    /** Whether {@code value} (the {@code include} parameter or field; null when absent) asks for the content. */
    public static boolean content(String value) {
        if (value == null || value.isEmpty()) return false;
        if (value.equals("content")) return true;
        throw InvalidInputException.badRequest("include", "must be 'content' (the only part left out by default) or absent");
    }

    /**
     * {@code value} as JSON, each object of its array {@code items} (or each one's {@code inner} object, when
     * not null) without {@code content} unless {@code include}.
     */
    public static JsonNode apply(ObjectMapper json, Object value, boolean include, String items, String inner) {
        JsonNode tree = json.valueToTree(value);
        if (include || !tree.path(items).isArray()) return tree;
        for (JsonNode item : tree.get(items)) {
            JsonNode resource = inner == null ? item : item.get(inner);
            if (resource instanceof ObjectNode o) o.remove("content");
        }
        return tree;
    }
}
