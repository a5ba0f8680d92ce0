package io.pharos.collection;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.Principal;
import io.pharos.common.AlreadyExistsException;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.common.NotFoundException;
import io.pharos.common.Page;
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
import java.util.TreeSet;
import java.util.UUID;

/**
 * Collections: create, read, list, update (with cycle refusal when nesting), delete, membership.
 * Access: a collection the caller may not read is "not found" (404, so existence does not leak); one
 * they may read but do not own refuses changes with 403.
 */
public final class CollectionService {
    static final int NAME_MAX = 255;
    static final int DESCRIPTION_MAX = 2_000;
    static final int MEMBERS_PER_CALL_MAX = 1_000;
    private static final Set<String> FIELDS = Set.of("name", "description", "visibility", "parent_id");

    private final Database database;
    private final CollectionStore store;
    private final ResourceLookup resources;
    private final ResourceService resourceService;
    private final Clock clock;

    public CollectionService(Database database, ResourceLookup resources, ResourceService resourceService, Clock clock) {
        this.database = database;
        this.store = new CollectionStore(database.dialect());
        this.resources = resources;
        this.resourceService = resourceService;
        this.clock = clock;
    }

    public Collection create(Principal p, JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        String name = in.requiredString("name", NAME_MAX);
        String description = in.string("description", DESCRIPTION_MAX);
        String vis = in.string("visibility", 16);
        Visibility visibility = vis == null ? Visibility.PRIVATE : Visibility.parse(vis, "visibility");
        UUID parent = in.uuid("parent_id");
        Instant now = now();
        Collection c = new Collection(CollectionId.random(), name, description, p.userId(), visibility,
                parent == null ? null : new CollectionId(parent), now, now);
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

    public Collection patch(Principal p, CollectionId id, JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        String name = in.has("name") ? in.requiredString("name", NAME_MAX) : null;
        String description = in.string("description", DESCRIPTION_MAX);
        if (in.has("visibility") && in.isNull("visibility")) throw InvalidInputException.field("visibility", "must be private, shared or public");
        String vis = in.string("visibility", 16);
        Visibility visibility = vis == null ? null : Visibility.parse(vis, "visibility");
        UUID parent = in.uuid("parent_id");
        return database.write(h -> {
            Collection c = owned(h, p, id, true);
            CollectionId newParent = in.has("parent_id") ? (parent == null ? null : new CollectionId(parent)) : c.parentId();
            if (newParent != null && !newParent.equals(c.parentId())) {
                ownParent(h, p, newParent);
                refuseCycle(h, id, newParent);
            }
            Collection next = new Collection(c.id(), name != null ? name : c.name(),
                    in.has("description") ? description : c.description(), c.ownerId(),
                    visibility != null ? visibility : c.visibility(), newParent, c.createdAt(), now());
            store.update(h, next);
            return next;
        });
    }

    public void delete(Principal p, CollectionId id) {
        database.write(h -> {
            owned(h, p, id, true);
            if (store.hasChildren(h, id)) {
                throw new AlreadyExistsException("id", "collection " + id + " has sub-collections; move or delete them first");
            }
            store.delete(h, id);
            return null;
        });
    }

    /** Membership change result: how many were added, and how many were members already. */
    public record Added(int added, int alreadyPresent) {}

    public Added addResources(Principal p, CollectionId id, JsonNode body) {
        JsonInput in = JsonInput.of(body, Set.of("resource_ids"));
        List<String> raw = in.stringList("resource_ids", MEMBERS_PER_CALL_MAX, 36);
        if (raw == null || raw.isEmpty()) throw InvalidInputException.field("resource_ids", "must be a non-empty array of resource ids");
        // sorted: concurrent writers then lock rows in the same order and cannot deadlock
        TreeSet<UUID> ids = new TreeSet<>();
        for (String s : raw) ids.add(io.pharos.common.Ids.field(s, "resource_ids"));
        List<ResourceId> wanted = ids.stream().map(ResourceId::new).toList();
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

    private Collection readable(Handle h, Principal p, CollectionId id) {
        return store.find(h, id).filter(c -> c.readableBy(p)).orElseThrow(() -> notFound(id));
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
