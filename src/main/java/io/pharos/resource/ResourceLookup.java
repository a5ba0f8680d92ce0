package io.pharos.resource;

import io.pharos.common.NotFoundException;
import io.pharos.db.Dialect;
import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one public way into the resources table: other features look resources up through it, in their own
 * transaction, and never write them (writes go through {@link ResourceService}, which publishes the events).
 * It is also what the resource service is built on.
 */
public final class ResourceLookup {
    private final ResourceStore store;

    public ResourceLookup(Dialect dialect) {
        this.store = new ResourceStore(dialect);
    }

    ResourceStore store() {
        return store;
    }

    /** The resource, or a not-found failure naming it. */
    public Resource require(Handle h, ResourceId id) {
        return store.find(h, id).orElseThrow(() -> notFound(id));
    }

    public Optional<Resource> find(Handle h, ResourceId id) {
        return store.find(h, id);
    }

    /** The resources of {@code ids} that exist, by id, read in one statement (for a page of results). */
    public Map<ResourceId, Resource> findAll(Handle h, Collection<ResourceId> ids) {
        Map<ResourceId, Resource> out = new HashMap<>();
        for (Resource r : store.findAll(h, ids)) out.put(r.id(), r);
        return out;
    }

    /** Which of {@code ids} exist. */
    public Set<ResourceId> existing(Handle h, Collection<ResourceId> ids) {
        return store.existing(h, ids);
    }

    public long count(Handle h) {
        return store.count(h);
    }

    static NotFoundException notFound(ResourceId id) {
        return new NotFoundException("no resource with id " + id);
    }
}
