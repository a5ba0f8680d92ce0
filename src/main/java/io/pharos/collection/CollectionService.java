package io.pharos.collection;

import io.pharos.auth.LocalOwnerAdopted;
import io.pharos.auth.Principal;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.common.Page;
import io.pharos.common.StillReferencedException;
import io.pharos.db.Database;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceQuery;
import io.pharos.resource.ResourceScope;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceLookup;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Collections: create, read, list, update (with cycle refusal when nesting), delete, membership.
 * Access: a collection the caller may not read is "not found" (404, so existence does not leak); one
 * they may read but do not own refuses changes with 403.
 */
public final class CollectionService {
    private final Database database;
    private final CollectionStore store;
    private final ResourceLookup resources;
    private final ResourceService resourceService;
    private final Clock clock;
    private final io.pharos.auth.KnownUsers users;

    /** Collections are content; their owner is a user of the configuration part. */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONTENT, "collections", "collection_resources");
    public static final io.pharos.db.Part.CrossReference OWNER = new io.pharos.db.Part.CrossReference(io.pharos.db.Part.CONTENT, "collections", "owner_id", "users");

    public CollectionService(Database database, ResourceLookup resources, ResourceService resourceService, Clock clock,
                             io.pharos.auth.KnownUsers users) {
        this.users = users;
        this.database = database;
        this.store = new CollectionStore(database.dialect());
        this.resources = resources;
        this.resourceService = resourceService;
        this.clock = clock;
    }

    public Collection create(Principal p, CollectionInput.Create in) {
        Instant now = now();
        Collection c = new Collection(CollectionId.random(), in.name(), in.description(), p.userId(), in.visibility(),
                in.parentId(), now, now);
        users.require(p.userId());
        database.write(h -> {
            if (c.parentId() != null) ownParent(h, p, c.parentId());
            store.insert(h, c);
            return null;
        });
        return c;
    }

    public Collection get(Principal p, CollectionId id) {
        return database.read(h -> readable(h, p, id));
    }

    public Page<Collection> list(Principal p, boolean mineOnly, CollectionId parent, String cursor, int limit) {
        Object[] after = Cursor.decode(cursor);
        List<Collection> rows = database.read(h -> store.listVisible(h, p.userId(), mineOnly, parent,
                (Instant) after[0], (UUID) after[1], limit));
        if (rows.size() <= limit) return new Page<>(rows, null);
        List<Collection> page = List.copyOf(rows.subList(0, limit));
        Collection last = page.getLast();
        return new Page<>(page, Cursor.encode(last.createdAt(), last.id().value()));
    }

    public Collection patch(Principal p, CollectionId id, CollectionInput.Patch in) {
        return database.write(h -> {
            Collection c = owned(h, p, id, true);
            CollectionId newParent = in.parentSent() ? in.parentId() : c.parentId();
            if (newParent != null && !newParent.equals(c.parentId())) {
                ownParent(h, p, newParent);
                refuseCycle(h, id, newParent);
            }
            Collection next = new Collection(c.id(), in.name() != null ? in.name() : c.name(),
                    in.descriptionSent() ? in.description() : c.description(), c.ownerId(),
                    in.visibility() != null ? in.visibility() : c.visibility(), newParent, c.createdAt(), now());
            store.update(h, next);
            return next;
        });
    }

    public void delete(Principal p, CollectionId id) {
        database.write(h -> {
            owned(h, p, id, true);
            if (store.hasChildren(h, id)) {
                throw new StillReferencedException("id", "collection " + id + " has sub-collections; move or delete them first");
            }
            store.delete(h, id);
            return null;
        });
    }

    /** Membership change result: how many were added, and how many were members already. */
    public record Added(int added, int alreadyPresent) {}

    /** Adds {@code wanted} (distinct, sorted: see {@link CollectionInput#members}); every one must exist. */
    public Added addResources(Principal p, CollectionId id, List<ResourceId> wanted) {
        return database.write(h -> {
            owned(h, p, id, false);
            Set<ResourceId> existing = resources.existing(h, wanted);
            List<ResourceId> missing = new ArrayList<>(wanted);
            missing.removeAll(existing);
            if (!missing.isEmpty()) throw InvalidInputException.field("resource_ids", "no resource with id " + missing.getFirst());
            Instant now = now();
            int added = 0;
            for (ResourceId r : wanted) if (store.addMember(h, id, r, now)) added++;
            return new Added(added, wanted.size() - added);
        });
    }

    public void removeResource(Principal p, CollectionId id, ResourceId resource) {
        database.write(h -> {
            owned(h, p, id, false);
            if (!store.removeMember(h, id, resource)) throw new NotFoundException("resource " + resource + " is not in collection " + id);
            return null;
        });
    }

    public Page<Resource> resources(Principal p, CollectionId id, ResourceQuery query) {
        return resourceService.list(query, scope(p, id));
    }

    /** The members of a collection {@code p} may read (else not found), to narrow a listing or a search. */
    public ResourceScope scope(Principal p, CollectionId id) {
        get(p, id);
        return CollectionStore.members(id);
    }

    /** The new admin takes over the local owner's collections (a {@link LocalOwnerAdopted} handler, inside that write). */
    public void onLocalOwnerAdopted(Handle h, LocalOwnerAdopted e) {
        e.moved("collections", store.changeOwner(h, e.from(), e.to()));
    }

    private Collection readable(Handle h, Principal p, CollectionId id) {
        return store.findAsSeenBy(h, id, p.userId()).filter(c -> c.readableBy(p)).orElseThrow(() -> notFound(id));
    }

    private Collection owned(Handle h, Principal p, CollectionId id, boolean lock) {
        Collection c = (lock ? store.findForUpdate(h, id) : store.find(h, id)).filter(x -> x.readableBy(p)).orElseThrow(() -> notFound(id));
        if (!c.ownedBy(p)) throw new ForbiddenException("only the owner of collection " + id + " may change it");
        return c;
    }

    private void ownParent(Handle h, Principal p, CollectionId parent) {
        store.find(h, parent).filter(c -> c.ownedBy(p))
                .orElseThrow(() -> InvalidInputException.field("parent_id", "is not one of your collections"));
    }

    /** Walks up from the new parent: meeting the collection itself means the move would make a cycle. */
    private void refuseCycle(Handle h, CollectionId self, CollectionId newParent) {
        CollectionId at = newParent;
        for (int depth = 0; at != null; depth++) {
            if (at.equals(self) || depth > 10_000) {
                throw InvalidInputException.field("parent_id", "would put collection " + self + " inside itself");
            }
            at = store.find(h, at).map(Collection::parentId).orElse(null);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static NotFoundException notFound(CollectionId id) {
        return new NotFoundException("no collection with id " + id);
    }
}
