package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.resource.ResourceId;

import java.util.Set;

/** Reads a search result click ({@code POST /api/v1/search/clicks}) from JSON into a {@link ClickStore.Click}, with errors that name the field. */
public final class ClickInput {
    private static final Set<String> FIELDS = Set.of("query", "resource_id", "chunk_id", "position", "session_id", "dwell_time_ms");

    private ClickInput() {}

    public static ClickStore.Click read(JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        String query = in.requiredString("query", SearchRequest.MAX_QUERY);
        String rid = in.requiredString("resource_id", 100);
        ResourceId resourceId;
        try {
            resourceId = new ResourceId(java.util.UUID.fromString(rid));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("resource_id", "must be a resource id (UUID)");
        }
        Long chunk = in.integer("chunk_id");
        Long position = in.integer("position");
        if (position == null || position < 0 || position > 10_000) throw InvalidInputException.field("position", "is required: the result's position, 0 to 10000");
        String session = in.requiredString("session_id", 200);
        Long dwell = in.integer("dwell_time_ms");
        if (dwell != null && (dwell < 0 || dwell > 86_400_000L * 7)) throw InvalidInputException.field("dwell_time_ms", "must be from 0 to a week in milliseconds");
        return new ClickStore.Click(query, resourceId, chunk, position.intValue(), session, dwell);
    }
}
