package io.pharos.collection;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.Ids;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.resource.ResourceId;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** What a client sends to make or change a collection or add members, read from JSON with errors that name the field. */
public final class CollectionInput {
    static final int NAME_MAX = 255;
    static final int DESCRIPTION_MAX = 2_000;
    static final int MEMBERS_PER_CALL_MAX = 1_000;
    private static final Set<String> FIELDS = Set.of("name", "description", "visibility", "parent_id");

    private CollectionInput() {}

    /** A new collection; {@code parentId} null for a top-level one. */
    public record Create(String name, String description, Visibility visibility, CollectionId parentId) {}

    /** The fields of a patch: null name/visibility keep them; {@code descriptionSent}/{@code parentSent} tell a sent null (clear) from an absent field. */
    public record Patch(String name, boolean descriptionSent, String description, Visibility visibility, boolean parentSent, CollectionId parentId) {}

    public static Create create(JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        String name = in.requiredString("name", NAME_MAX);
        String description = in.string("description", DESCRIPTION_MAX);
        String vis = in.string("visibility", 16);
        Visibility visibility = vis == null ? Visibility.PRIVATE : Visibility.parse(vis, "visibility");
        UUID parent = in.uuid("parent_id");
        return new Create(name, description, visibility, parent == null ? null : new CollectionId(parent));
    }

    public static Patch patch(JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        String name = in.has("name") ? in.requiredString("name", NAME_MAX) : null;
        String description = in.string("description", DESCRIPTION_MAX);
        if (in.has("visibility") && in.isNull("visibility")) throw InvalidInputException.field("visibility", "must be private, shared or public");
        String vis = in.string("visibility", 16);
        Visibility visibility = vis == null ? null : Visibility.parse(vis, "visibility");
        UUID parent = in.uuid("parent_id");
        return new Patch(name, in.has("description"), description, visibility, in.has("parent_id"), parent == null ? null : new CollectionId(parent));
    }

    /** The {@code resource_ids} to add, distinct and sorted (concurrent writers then lock rows in the same order and cannot deadlock). */
    static List<ResourceId> members(JsonNode body) {
        JsonInput in = JsonInput.of(body, Set.of("resource_ids"));
        List<String> raw = in.stringList("resource_ids", MEMBERS_PER_CALL_MAX, 36);
        if (raw == null || raw.isEmpty()) throw InvalidInputException.field("resource_ids", "must be a non-empty array of resource ids");
        TreeSet<UUID> ids = new TreeSet<>();
        for (String s : raw) ids.add(Ids.field(s, "resource_ids"));
        return ids.stream().map(ResourceId::new).toList();
    }
}
