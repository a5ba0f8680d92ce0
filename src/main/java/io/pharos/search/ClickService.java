package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.db.Database;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/** Records search result clicks ({@code POST /api/v1/search/clicks}). */
public final class ClickService {
    private static final Set<String> FIELDS = Set.of("query", "resource_id", "chunk_id", "position", "session_id", "dwell_time_ms");

    private final Database database;
    private final ClickStore store;
    private final ResourceLookup resources;
    private final Clock clock;

    public ClickService(Database database, ClickStore store, ResourceLookup resources, Clock clock) {
        this.database = database;
        this.store = store;
        this.resources = resources;
        this.clock = clock;
    }

    public ClickStore.Click record(JsonNode body) {
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
        ClickStore.Click click = new ClickStore.Click(query, resourceId, chunk, position.intValue(), session, dwell);
        database.write(h -> {
            if (resources.existing(h, java.util.List.of(resourceId)).isEmpty()) throw InvalidInputException.field("resource_id", "no resource with id " + resourceId);
            store.insert(h, click, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            return null;
        });
        return click;
    }
}
