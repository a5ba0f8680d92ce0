package io.pharos.search;

import io.pharos.auth.Principal;
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

    /**
     * Records {@code click} (read by {@link ClickInput}) made by {@code caller}; its resource must exist. The
     * boost counts the caller, not the click's {@code session_id}, which the client chooses freely.
     */
    public ClickStore.Click record(Principal caller, ClickStore.Click click) {
        ResourceId resourceId = click.resourceId();
        database.write(h -> {
            if (resources.existing(h, java.util.List.of(resourceId)).isEmpty()) throw InvalidInputException.field("resource_id", "no resource with id " + resourceId);
            store.insert(h, click, "user:" + caller.userId(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            return null;
        });
        return click;
    }
}
