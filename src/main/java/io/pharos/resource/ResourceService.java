package io.pharos.resource;

import java.util.ArrayList;
import io.pharos.common.StaleVersionException;
import io.pharos.common.NotFoundException;
import io.pharos.common.Page;
import io.pharos.common.PreconditionRequiredException;
import io.pharos.db.Database;
import io.pharos.event.DomainEvents;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Resource use cases: create, read, list, patch with optimistic concurrency, delete. */
public final class ResourceService {
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
        Instant now = now();
        Resource r = new Resource(ResourceId.random(), in.title(), in.description(), in.content(), in.creator(),
                in.publisher(), in.source(), in.language(), in.type(), in.subject() == null ? List.of() : in.subject(),
                in.identifier(), in.doi(), in.classificationCode(), in.qualityScore(),
                in.readStatus() == null ? ReadStatus.UNREAD : in.readStatus(), now, now, 1);
        database.write(h -> {
            store.insert(h, r);
            events.publish(h, new ResourceEvent.Created(r));
            return null;
        });
        return r;
    }

    /**
     * Creates many resources in one transaction. Each item is validated on its own: a bad one is reported
     * (index, field, reason) and the others go on, unless {@code stopAtFirstFailure}, in which case nothing
     * after it is written. An item may carry an {@code id}; when that resource exists the item is skipped,
     * so re-running an import does not duplicate.
     */
    public BatchOutcome createBatch(List<ResourceInput.BatchItem> items, boolean stopAtFirstFailure) {
        List<BatchOutcome.Item> outcome = new ArrayList<>(items.size());
        List<Resource> valid = new ArrayList<>(items.size());
        List<Integer> validIndex = new ArrayList<>(items.size());
        Instant now = now();
        boolean stopped = false;
        for (int i = 0; i < items.size(); i++) {
            ResourceInput.BatchItem item = items.get(i);
            if (item.invalid() != null) {
                outcome.add(new BatchOutcome.Item(i, BatchOutcome.Status.FAILED, null, item.invalid().field(), item.invalid().getMessage()));
                if (stopAtFirstFailure) {
                    stopped = true;
                    break;
                }
                continue;
            }
            valid.add(newResource(item.id() == null ? ResourceId.random() : item.id(), item.input(), now));
            validIndex.add(i);
            outcome.add(null);
        }
        int[] inserted = valid.isEmpty() ? new int[0] : database.write(h -> {
            int[] counts = store.insertBatch(h, valid);
            for (int k = 0; k < counts.length; k++) if (counts[k] > 0) events.publish(h, new ResourceEvent.Created(valid.get(k)));
            return counts;
        });
        for (int k = 0; k < valid.size(); k++) {
            int i = validIndex.get(k);
            outcome.set(i, new BatchOutcome.Item(i, inserted[k] > 0 ? BatchOutcome.Status.CREATED : BatchOutcome.Status.SKIPPED,
                    valid.get(k).id(), null, inserted[k] > 0 ? null : "a resource with this id exists"));
        }
        return new BatchOutcome(List.copyOf(outcome), stopped);
    }

    /**
     * Stores ready-made resources (ids, times and versions set by the caller, e.g. the search bench's
     * synthetic library) in one transaction, publishing each one's creation like {@link #create}.
     */
    public void createAll(List<Resource> rows) {
        database.write(h -> {
            for (Resource r : rows) {
                store.insert(h, r);
                events.publish(h, new ResourceEvent.Created(r));
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
            events.publish(h, new ResourceEvent.Updated(current, next));
            return next;
        });
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
