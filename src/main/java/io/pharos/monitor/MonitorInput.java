package io.pharos.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.resource.ResourceFilter;
import io.pharos.search.SearchRequest;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** What a client sends to create or change a monitor, read from JSON with errors that name the field. */
public final class MonitorInput {
    static final int NAME_MAX = 200;
    static final int URL_MAX = 2_000;
    private static final Set<String> CREATE_FIELDS = Set.of("name", "query", "mode", "filters", "min_score", "webhook_url");
    private static final Set<String> PATCH_FIELDS = Set.of("name", "query", "mode", "filters", "min_score", "webhook_url", "paused");

    private MonitorInput() {}

    /** A new monitor; {@code filters} as sent (validated), never null. */
    public record Create(String name, String query, String mode, JsonNode filters, Double minScore, String webhookUrl) {}

    /** A change: null leaves a field as it is; {@code minScoreSent}/{@code webhookSent} tell a sent null (clear) from an absent field. */
    public record Patch(String name, String query, String mode, JsonNode filters, boolean minScoreSent, Double minScore,
                        boolean webhookSent, String webhookUrl, Boolean paused) {}

    public static Create create(JsonNode body) {
        JsonInput in = JsonInput.of(body, CREATE_FIELDS);
        String name = in.requiredString("name", NAME_MAX);
        String query = query(in.requiredString("query", SearchRequest.MAX_QUERY));
        String mode = in.has("mode") && !in.isNull("mode") ? mode(in.string("mode", 16)) : "keyword";
        return new Create(name, query, mode, filters(body.get("filters")), in.number("min_score", -1e9, 1e9), webhook(in));
    }

    public static Patch patch(JsonNode body) {
        JsonInput in = JsonInput.of(body, PATCH_FIELDS);
        for (String f : new String[] {"name", "query", "mode", "filters", "paused"}) {
            if (in.isNull(f)) throw InvalidInputException.field(f, "must not be null");
        }
        String name = in.has("name") ? in.requiredString("name", NAME_MAX) : null;
        String query = in.has("query") ? query(in.requiredString("query", SearchRequest.MAX_QUERY)) : null;
        String mode = in.has("mode") ? mode(in.string("mode", 16)) : null;
        JsonNode filters = in.has("filters") ? filters(body.get("filters")) : null;
        return new Patch(name, query, mode, filters, in.has("min_score"), in.number("min_score", -1e9, 1e9),
                in.has("webhook_url"), webhook(in), in.bool("paused"));
    }

    private static String query(String q) {
        if (io.pharos.search.QueryParser.parse(q).isEmpty()) throw InvalidInputException.field("query", "has no words to match");
        return q;
    }

    private static String mode(String m) {
        String mode = m == null ? "" : m.toLowerCase(Locale.ROOT);
        if (!mode.equals("keyword") && !mode.equals("hybrid")) throw InvalidInputException.field("mode", "must be keyword or hybrid");
        return mode;
    }

    /** The filters object, validated by the one filter parser; an absent or null one is no filter. */
    static JsonNode filters(JsonNode node) {
        if (node == null || node.isNull()) return JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) throw InvalidInputException.field("filters", "must be an object of resource filters");
        parse(node);
        return node;
    }

    /** The resource filter of a stored or sent filters object. */
    static ResourceFilter parse(JsonNode filters) {
        try {
            return ResourceFilter.parse(JsonInput.of(filters, ResourceFilter.PARAMETERS));
        } catch (InvalidInputException e) {
            throw InvalidInputException.field("filters." + e.field(), e.getMessage());
        }
    }

    private static String webhook(JsonInput in) {
        String url = in.string("webhook_url", URL_MAX);
        if (url == null) return null;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) throw new IllegalArgumentException();
        } catch (Exception e) {
            throw InvalidInputException.field("webhook_url", "must be an absolute http or https URL");
        }
        return url;
    }
}
