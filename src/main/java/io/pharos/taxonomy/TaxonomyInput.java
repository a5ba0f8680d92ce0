package io.pharos.taxonomy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** What a client sends to make or change a taxonomy node or file a resource under one, read from JSON with errors that name the field. */
public final class TaxonomyInput {
    static final int NAME_MAX = 255;
    static final int SLUG_MAX = 100;
    static final int DESCRIPTION_MAX = 2_000;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> FIELDS = Set.of("name", "slug", "parent_id", "description", "keywords", "allow_resources");

    private TaxonomyInput() {}

    /** A new node: the slug given or made from the name; {@code parentId} null for a root. */
    public record Create(String name, String slug, TaxonomyNodeId parentId, List<String> keywords, boolean allowResources, String description) {}

    /**
     * The fields of a patch: null name/slug/keywords/allowResources keep them ({@code slug} is checked by
     * {@link #slug} once the node is known); {@code descriptionSent}/{@code parentSent} tell a sent null from an absent field.
     */
    public record Patch(String name, String slug, List<String> keywords, Boolean allowResources,
                        boolean descriptionSent, String description, boolean parentSent, TaxonomyNodeId parentId) {}

    /** Files a resource under {@code taxonomyId}. */
    public record Link(TaxonomyNodeId taxonomyId, Double confidence, boolean predicted) {}

    static Create create(JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        String name = in.requiredString("name", NAME_MAX);
        String slug = slug(in.string("slug", SLUG_MAX), name);
        UUID parent = in.uuid("parent_id");
        List<String> keywords = in.stringList("keywords", 50, 100);
        Boolean allow = in.bool("allow_resources");
        String description = in.string("description", DESCRIPTION_MAX);
        return new Create(name, slug, parent == null ? null : new TaxonomyNodeId(parent), keywords == null ? List.of() : keywords,
                allow == null || allow, description);
    }

    static Patch patch(JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        String name = in.has("name") ? in.requiredString("name", NAME_MAX) : null;
        String slug = in.string("slug", SLUG_MAX);
        if (in.isNull("keywords")) throw InvalidInputException.field("keywords", "must be an array (send [] to clear it)");
        if (in.isNull("allow_resources")) throw InvalidInputException.field("allow_resources", "must be true or false");
        List<String> keywords = in.stringList("keywords", 50, 100);
        Boolean allow = in.bool("allow_resources");
        String description = in.string("description", DESCRIPTION_MAX);
        UUID parent = in.uuid("parent_id");
        return new Patch(name, slug, keywords, allow, in.has("description"), description,
                in.has("parent_id"), parent == null ? null : new TaxonomyNodeId(parent));
    }

    static Link link(JsonNode body) {
        JsonInput in = JsonInput.of(body, Set.of("taxonomy_id", "confidence", "is_predicted"));
        UUID nodeId = in.uuid("taxonomy_id");
        if (nodeId == null) throw InvalidInputException.field("taxonomy_id", "is required");
        Double confidence = in.number("confidence", 0.0, 1.0);
        Boolean predicted = in.bool("is_predicted");
        return new Link(new TaxonomyNodeId(nodeId), confidence, predicted != null && predicted);
    }

    /** The given slug (checked), or one made from the name: lowercase ASCII letters and digits joined by dashes. */
    static String slug(String given, String name) {
        if (given != null) {
            if (!SLUG.matcher(given).matches()) throw InvalidInputException.field("slug", "must be lowercase letters and digits joined by dashes, like machine-learning");
            return given;
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_MAX) slug = slug.substring(0, SLUG_MAX).replaceAll("-+$", "");
        if (slug.isEmpty()) throw InvalidInputException.field("slug", "cannot be made from this name; send a slug like my-topic");
        return slug;
    }
}
