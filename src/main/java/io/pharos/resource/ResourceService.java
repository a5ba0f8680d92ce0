package io.pharos.resource;

import io.pharos.common.StaleVersionException;
import io.pharos.common.NotFoundException;
import io.pharos.common.Page;
import io.pharos.common.PreconditionRequiredException;
import io.pharos.db.Database;
import io.pharos.event.DomainEvents;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resource use cases: create, read, list, patch with optimistic concurrency, delete. */
public final class ResourceService {
    /** Resources are content. */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONTENT, "resources");

    private final Database database;
    private final ResourceStore store;
    private final Clock clock;
    private final DomainEvents events;

    public ResourceService(Database database, ResourceLookup resources, Clock clock, DomainEvents events) {
        this.database = database;
        this.store = resources.store();
        this.clock = clock;
        this.events = events;
    }

    public Resource create(ResourceInput in) {
        return create(prepareCreate(in));
    }

    /**
     * A resource ready to be written: built from the input, with what subscribers compute from it alone
     * (its chunks, for search) done already, outside any transaction, so the write holds the database's
     * write path only to store it.
     */
    public record PreparedCreate(Resource resource, DomainEvents.Prepared prepared) {}

    /** Builds the resource of {@code in} and prepares its write (no database access). */
    public PreparedCreate prepareCreate(ResourceInput in) {
        Resource r = newResource(ResourceId.random(), in, now());
        return new PreparedCreate(r, events.prepare(List.of(new ResourceEvent.Created(r))));
    }

    /** Stores a prepared resource in one short transaction. */
    public Resource create(PreparedCreate p) {
        Resource r = p.resource();
        database.write(h -> {
            store.insert(h, r);
            events.publish(h, new ResourceEvent.Created(r), p.prepared());
            return null;
        });
        return r;
    }

    /**
     * Creates the valid items of a batch in one transaction (each item validated on its own: a bad one is
     * reported and the others go on, unless {@code stopAtFirstFailure}). An item with the {@code id} of an existing
     * resource is skipped; an item without an id whose natural key ({@link NaturalKey}: DOI, identifier or
     * source) an existing resource has replaces that resource, or is skipped when nothing changed, so
     * importing the same file twice never duplicates. Of items sharing a key in one batch the last counts.
     */
    public BatchOutcome createBatch(List<ResourceInput.BatchItem> items, boolean stopAtFirstFailure) {
        BatchOutcome.Item[] outcome = new BatchOutcome.Item[items.size()];
        List<Integer> valid = new ArrayList<>(items.size());
        boolean stopped = false;
        for (int i = 0; i < items.size(); i++) {
            ResourceInput.BatchItem item = items.get(i);
            if (item.invalid() != null) {
                outcome[i] = new BatchOutcome.Item(i, BatchOutcome.Status.FAILED, null, item.invalid().field(), item.invalid().getMessage());
                if (stopAtFirstFailure) {
                    stopped = true;
                    break;
                }
                continue;
            }
            valid.add(i);
        }
        if (!valid.isEmpty()) {
            Instant now = now();
            DomainEvents.Prepared prepared = prepareBatch(items, valid, now);   // chunked before the transaction
            database.write(h -> { writeBatch(h, items, valid, outcome, now, prepared); return null; });
        }
        List<BatchOutcome.Item> done = new ArrayList<>(items.size());
        for (BatchOutcome.Item o : outcome) if (o != null) done.add(o);
        return new BatchOutcome(List.copyOf(done), stopped);
    }

    /**
     * What subscribers compute ahead for the valid items: an item creates or replaces a resource with its
     * own text either way (which one is known only inside the write), so it is prepared as a creation.
     */
    private DomainEvents.Prepared prepareBatch(List<ResourceInput.BatchItem> items, List<Integer> valid, Instant now) {
        List<ResourceEvent> expected = new ArrayList<>(valid.size());
        for (int i : valid) expected.add(new ResourceEvent.Created(newResource(ResourceId.random(), items.get(i).input(), now)));
        return events.prepare(expected);
    }

    private void writeBatch(Handle h, List<ResourceInput.BatchItem> items, List<Integer> valid, BatchOutcome.Item[] outcome,
                            Instant now, DomainEvents.Prepared prepared) {
        Map<NaturalKey, Resource> known = existingByKey(h, items, valid);
        Map<NaturalKey, Integer> lastWithKey = new HashMap<>();
        for (int i : valid) {
            NaturalKey key = keyOf(items.get(i));
            if (key != null) lastWithKey.put(key, i);
        }
        List<Integer> order = new ArrayList<>();
        List<Resource> rows = new ArrayList<>();
        for (int i : valid) {
            ResourceInput in = items.get(i).input();
            NaturalKey key = keyOf(items.get(i));
            Resource current = key == null ? null : known.get(key);
            if (key != null && lastWithKey.get(key) != i) {
                outcome[i] = new BatchOutcome.Item(i, BatchOutcome.Status.SKIPPED, current == null ? null : current.id(), null,
                        "a later item has the same " + key.kind().name().toLowerCase(java.util.Locale.ROOT));
            } else if (current != null) {
                Resource next = replaced(current, in, now);
                if (sameContent(current, next)) {
                    outcome[i] = new BatchOutcome.Item(i, BatchOutcome.Status.SKIPPED, current.id(), null, "unchanged");
                } else {
                    store.update(h, next, current.version());
                    events.publish(h, new ResourceEvent.Updated(current, next), prepared);
                    outcome[i] = new BatchOutcome.Item(i, BatchOutcome.Status.UPDATED, current.id(), null, null);
                }
            } else {
                order.add(i);
                rows.add(newResource(items.get(i).id() == null ? ResourceId.random() : items.get(i).id(), in, now));
            }
        }
        int[] counts = rows.isEmpty() ? new int[0] : store.insertBatch(h, rows);
        for (int k = 0; k < counts.length; k++) {
            int i = order.get(k);
            if (counts[k] > 0) events.publish(h, new ResourceEvent.Created(rows.get(k)), prepared);
            outcome[i] = new BatchOutcome.Item(i, counts[k] > 0 ? BatchOutcome.Status.CREATED : BatchOutcome.Status.SKIPPED,
                    rows.get(k).id(), null, counts[k] > 0 ? null : "a resource with this id exists");
        }
    }

    /** The natural key of an item without an id, or null (an item with an id is found by it). */
    private static NaturalKey keyOf(ResourceInput.BatchItem item) {
        return item.id() == null ? NaturalKey.of(item.input()) : null;
    }

    /** The existing resources the id-less items name by their natural key, read once per kind of key. */
    private Map<NaturalKey, Resource> existingByKey(Handle h, List<ResourceInput.BatchItem> items, List<Integer> valid) {
        Map<NaturalKey.Kind, Set<String>> wanted = new EnumMap<>(NaturalKey.Kind.class);
        for (int i : valid) {
            NaturalKey key = keyOf(items.get(i));
            if (key != null) wanted.computeIfAbsent(key.kind(), k -> new HashSet<>()).add(key.value());
        }
        Map<NaturalKey, Resource> known = new HashMap<>();
        wanted.forEach((kind, values) -> store.findByKey(h, kind, values).forEach((v, r) -> known.put(new NaturalKey(kind, v), r)));
        return known;
    }

    /** {@code current} replaced by {@code in} as a whole (an import line is a full resource), one version on. */
    private static Resource replaced(Resource current, ResourceInput in, Instant now) {
        Resource n = newResource(current.id(), in, now);
        return new Resource(n.id(), n.title(), n.description(), n.content(), n.creator(), n.publisher(), n.source(), n.language(),
                n.type(), n.subject(), n.identifier(), n.doi(), n.classificationCode(), n.qualityScore(), n.readStatus(),
                current.createdAt(), now, current.version() + 1);
    }

    /** Equal in everything a caller wrote (times and versions aside). */
    private static boolean sameContent(Resource a, Resource b) {
        return java.util.Objects.equals(a.title(), b.title()) && java.util.Objects.equals(a.description(), b.description())
                && java.util.Objects.equals(a.content(), b.content()) && java.util.Objects.equals(a.creator(), b.creator())
                && java.util.Objects.equals(a.publisher(), b.publisher()) && java.util.Objects.equals(a.source(), b.source())
                && java.util.Objects.equals(a.language(), b.language()) && java.util.Objects.equals(a.type(), b.type())
                && java.util.Objects.equals(a.subject(), b.subject()) && java.util.Objects.equals(a.identifier(), b.identifier())
                && java.util.Objects.equals(a.doi(), b.doi()) && java.util.Objects.equals(a.classificationCode(), b.classificationCode())
                && java.util.Objects.equals(a.qualityScore(), b.qualityScore()) && a.readStatus() == b.readStatus();
    }

    /**
     * Stores ready-made resources (ids, times and versions set by the caller, e.g. the search bench's
     * synthetic library) in one transaction, publishing each one's creation like {@link #create}.
     */
    public void createAll(List<Resource> rows) {
        List<ResourceEvent> created = rows.stream().<ResourceEvent>map(ResourceEvent.Created::new).toList();
        DomainEvents.Prepared prepared = events.prepare(created);
        database.write(h -> {
            for (ResourceEvent e : created) {
                store.insert(h, ((ResourceEvent.Created) e).resource());
                events.publish(h, e, prepared);
            }
            return null;
        });
    }

    private static Resource newResource(ResourceId id, ResourceInput in, Instant now) {
        return new Resource(id, in.title(), in.description(), in.content(), in.creator(),
                in.publisher(), in.source(), in.language(), in.type(), in.subject() == null ? List.of() : in.subject(),
                in.identifier(), in.doi(), in.classificationCode(), in.qualityScore(),
                in.readStatus() == null ? ReadStatus.UNREAD : in.readStatus(), now, now, 1);
    }

    /** The oldest resource whose {@code source} is {@code source}, if any (a folder import's file). */
    public java.util.Optional<Resource> findBySource(String source) {
        return java.util.Optional.ofNullable(database.read(h -> store.findByKey(h, NaturalKey.Kind.SOURCE, List.of(source)).get(source)));
    }

    public Resource get(ResourceId id) {
        return database.read(h -> store.find(h, id)).orElseThrow(() -> notFound(id));
    }

    public Page<Resource> list(ResourceQuery query) {
        return list(query, ResourceScope.ALL);
    }

    /** A page of the resources within {@code scope} (e.g. one collection's members), same filters and sorts. */
    public Page<Resource> list(ResourceQuery query, ResourceScope scope) {
        List<Resource> rows = database.read(h -> store.list(h, query, scope));
        if (rows.size() <= query.limit()) return new Page<>(rows, null);
        List<Resource> page = rows.subList(0, query.limit());
        return new Page<>(List.copyOf(page), query.cursorAfter(page.getLast()));
    }

    /**
     * Applies the sent fields if the resource is still at the version the client read ({@code ifMatch}
     * from the header, else the body's {@code version}). A stale version is a 409 carrying the current one.
     */
    public Resource patch(ResourceId id, ResourceInput in, Long ifMatch) {
        Long expected = ifMatch != null ? ifMatch : in.version();
        if (expected == null) {
            throw new PreconditionRequiredException("send the version you read, as an If-Match header or a \"version\" field");
        }
        DomainEvents.Prepared prepared = preparePatch(id, in, expected);
        return database.write(h -> {
            Resource current = store.findForUpdate(h, id).orElseThrow(() -> notFound(id));
            if (current.version() != expected) {
                throw new StaleVersionException("resource " + id + " is at version " + current.version() + ", not " + expected, current.version());
            }
            Resource next = apply(current, in);
            if (!store.update(h, next, expected)) {
                long now = store.find(h, id).map(Resource::version).orElseThrow(() -> notFound(id));
                throw new StaleVersionException("resource " + id + " changed concurrently", now);
            }
            events.publish(h, new ResourceEvent.Updated(current, next), prepared);
            return next;
        });
    }

    /**
     * What subscribers compute ahead for a patch, from the resource as read before the write: only when it
     * is at the expected version (otherwise the write refuses it anyway). The write reads it again, locked;
     * a subscriber uses a result only if it was made from the same text.
     */
    private DomainEvents.Prepared preparePatch(ResourceId id, ResourceInput in, long expected) {
        if (!in.sent("title") && !in.sent("description") && !in.sent("content")) return DomainEvents.Prepared.NONE;
        Resource current = database.read(h -> store.find(h, id)).orElse(null);
        if (current == null || current.version() != expected) return DomainEvents.Prepared.NONE;
        return events.prepare(List.of(new ResourceEvent.Updated(current, apply(current, in))));
    }

    public void delete(ResourceId id) {
        boolean deleted = database.write(h -> {
            boolean gone = store.delete(h, id);
            if (gone) events.publish(h, new ResourceEvent.Deleted(id));
            return gone;
        });
        if (!deleted) throw notFound(id);
    }

    /** The current resource with every sent field replaced (a sent null clears an optional field). */
    private Resource apply(Resource c, ResourceInput in) {
        return new Resource(c.id(),
                pick(in, "title", in.title(), c.title()),
                pick(in, "description", in.description(), c.description()),
                pick(in, "content", in.content(), c.content()),
                pick(in, "creator", in.creator(), c.creator()),
                pick(in, "publisher", in.publisher(), c.publisher()),
                pick(in, "source", in.source(), c.source()),
                pick(in, "language", in.language(), c.language()),
                pick(in, "type", in.type(), c.type()),
                pick(in, "subject", in.subject(), c.subject()),
                pick(in, "identifier", in.identifier(), c.identifier()),
                pick(in, "doi", in.doi(), c.doi()),
                pick(in, "classification_code", in.classificationCode(), c.classificationCode()),
                pick(in, "quality_score", in.qualityScore(), c.qualityScore()),
                pick(in, "read_status", in.readStatus(), c.readStatus()),
                c.createdAt(), now(), c.version() + 1);
    }

    private static <T> T pick(ResourceInput in, String field, T sent, T current) {
        return in.sent(field) ? sent : current;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static NotFoundException notFound(ResourceId id) {
        return ResourceLookup.notFound(id);
    }
}
