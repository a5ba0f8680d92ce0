package io.pharos.search;

import io.pharos.common.InvalidInputException;
import io.pharos.db.Database;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Records search result clicks ({@code POST /api/v1/search/clicks}). */
public final class ClickService {
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

    /** Records the click a JSON object describes (the fields of {@code POST /api/v1/search/clicks}); errors name the field. */
    public ClickStore.Click record(com.fasterxml.jackson.databind.JsonNode body) {
        return record(ClickInput.read(body));
    }

    /** Records {@code click} (read by {@link ClickInput}); its resource must exist. */
    public ClickStore.Click record(ClickStore.Click click) {
        ResourceId resourceId = click.resourceId();
        database.write(h -> {
            if (resources.existing(h, java.util.List.of(resourceId)).isEmpty()) throw InvalidInputException.field("resource_id", "no resource with id " + resourceId);
            store.insert(h, click, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            return null;
        });
        return click;
    }
}
