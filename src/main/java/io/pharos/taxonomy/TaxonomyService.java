package io.pharos.taxonomy;

import io.pharos.common.AlreadyExistsException;
import io.pharos.common.StillReferencedException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.common.Page;
import io.pharos.db.Database;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceEvent;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceQuery;
import io.pharos.resource.ResourceScope;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceLookup;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The taxonomy tree. Every change runs in one transaction that also rewrites what derives from it:
 * a move rewrites the paths and levels of the whole subtree, and the counts and leaf flags of the old and
 * new ancestors are recomputed, so paths and counts always equal a recomputation from scratch.
 */
public final class TaxonomyService {
    /** The taxonomy is content. */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONTENT, "taxonomy_nodes", "resource_taxonomy");


    private final Database database;
    private final TaxonomyStore store;
    private final ResourceLookup resources;
    private final ResourceService resourceService;
    private final Clock clock;

    public TaxonomyService(Database database, ResourceLookup resources, ResourceService resourceService, Clock clock) {
        this.database = database;
        this.store = new TaxonomyStore();
        this.resources = resources;
        this.resourceService = resourceService;
        this.clock = clock;
    }

    /** Keeps counts right when a resource's links vanish with it (ON DELETE CASCADE), inside the same transaction. */
    public void onResourceDeleted(Handle h, ResourceEvent.Deleted event) {
        for (String path : store.stalePaths(h)) store.refreshCounts(h, path);
    }

    public TaxonomyNode create(TaxonomyInput.Create in) {
        String slug = in.slug();
        TaxonomyNodeId parent = in.parentId();
        TaxonomyNodeId id = TaxonomyNodeId.random();
        Instant now = now();
        return database.write(h -> {
            TaxonomyNode p = parent == null ? null : store.find(h, parent)
                    .orElseThrow(() -> InvalidInputException.field("parent_id", "no taxonomy node with id " + parent));
            if (p != null) refuseTooDeep(p.level() + 1);
            TaxonomyNode n = new TaxonomyNode(id, in.name(), slug, p == null ? null : p.id(), p == null ? 0 : p.level() + 1,
                    TaxonomyNode.childPath(p == null ? null : p.path(), id), in.description(), in.keywords(),
                    0, 0, true, in.allowResources(), now, now);
            if (!store.insert(h, n)) throw new AlreadyExistsException("slug", "a taxonomy node with slug '" + slug + "' already exists");
            if (p != null) store.refreshLeaf(h, p.id());
            return n;
        });
    }

    public TaxonomyNode get(TaxonomyNodeId id) {
        return database.read(h -> node(h, id));
    }

    public List<TaxonomyNode> all() {
        return database.read(store::all);
    }

    /** Updates fields; a changed {@code parent_id} moves the node with its subtree ({@code null}: to the top). */
    public TaxonomyNode patch(TaxonomyNodeId id, TaxonomyInput.Patch in) {
        return database.write(h -> {
            TaxonomyNode n = node(h, id);
            String slug = in.slug() == null ? n.slug() : TaxonomyInput.slug(in.slug(), null);
            if (!slug.equals(n.slug()) && store.slugTakenByOther(h, slug, id)) {
                throw new AlreadyExistsException("slug", "a taxonomy node with slug '" + slug + "' already exists");
            }
            TaxonomyNodeId newParent = in.parentSent() ? in.parentId() : n.parentId();
            if (!java.util.Objects.equals(newParent, n.parentId())) move(h, n, newParent);
            TaxonomyNode moved = node(h, id);
            TaxonomyNode next = new TaxonomyNode(id, in.name() != null ? in.name() : n.name(), slug, newParent, moved.level(), moved.path(),
                    in.descriptionSent() ? in.description() : n.description(), in.keywords() != null ? in.keywords() : n.keywords(),
                    moved.resourceCount(), moved.descendantResourceCount(), moved.leaf(),
                    in.allowResources() != null ? in.allowResources() : n.allowResources(), n.createdAt(), now());
            store.updateFields(h, next);
            return next;
        });
    }

    private void move(Handle h, TaxonomyNode n, TaxonomyNodeId newParentId) {
        TaxonomyNode newParent = newParentId == null ? null : store.find(h, newParentId)
                .orElseThrow(() -> InvalidInputException.field("parent_id", "no taxonomy node with id " + newParentId));
        if (newParent != null && newParent.path().startsWith(n.path())) {
            throw InvalidInputException.field("parent_id", "would put taxonomy node " + n.id() + " inside its own subtree");
        }
        String newPath = TaxonomyNode.childPath(newParent == null ? null : newParent.path(), n.id());
        int delta = (newParent == null ? 0 : newParent.level() + 1) - n.level();
        if (delta > 0) refuseTooDeep(store.deepestLevel(h, n.path()) + delta);
        store.moveSubtree(h, n.path(), newPath, delta);
        store.updateFields(h, new TaxonomyNode(n.id(), n.name(), n.slug(), newParentId, 0, newPath, n.description(), n.keywords(),
                0, 0, n.leaf(), n.allowResources(), n.createdAt(), now()));
        if (n.parentId() != null) {
            TaxonomyNode oldParent = node(h, n.parentId());
            store.refreshLeaf(h, oldParent.id());
            store.refreshCounts(h, oldParent.path());
        }
        if (newParent != null) store.refreshLeaf(h, newParent.id());
        store.refreshCounts(h, newPath);
    }

    /** A node at {@code level} (0 at a root) would make the tree deeper than {@link TaxonomyNode#MAX_DEPTH}: 422. */
    private static void refuseTooDeep(int level) {
        if (level >= TaxonomyNode.MAX_DEPTH) {
            throw InvalidInputException.field("parent_id", "would make the taxonomy " + (level + 1) + " levels deep; at most "
                    + TaxonomyNode.MAX_DEPTH + " levels are allowed");
        }
    }

    /** Deletes a node; one with children only when {@code cascade} (then with its whole subtree). */
    public void delete(TaxonomyNodeId id, boolean cascade) {
        database.write(h -> {
            TaxonomyNode n = node(h, id);
            if (!cascade && store.hasChildren(h, id)) {
                throw new StillReferencedException("cascade", "taxonomy node " + id + " has children; delete with cascade=true to remove the subtree");
            }
            store.deleteSubtree(h, n.path());
            if (n.parentId() != null) {
                TaxonomyNode parent = node(h, n.parentId());
                store.refreshLeaf(h, parent.id());
                store.refreshCounts(h, parent.path());
            }
            return null;
        });
    }

    public ResourceLink link(ResourceId resource, TaxonomyInput.Link in) {
        TaxonomyNodeId nodeId = in.taxonomyId();
        ResourceLink l = new ResourceLink(resource, nodeId, in.confidence(), in.predicted(), now());
        return database.write(h -> {
            resources.require(h, resource);
            TaxonomyNode n = store.find(h, l.taxonomyId())
                    .orElseThrow(() -> InvalidInputException.field("taxonomy_id", "no taxonomy node with id " + nodeId));
            if (!n.allowResources()) throw InvalidInputException.field("taxonomy_id", "taxonomy node '" + n.slug() + "' does not take resources");
            if (!store.link(h, l)) throw new AlreadyExistsException("taxonomy_id", "resource " + resource + " is already filed under " + n.slug());
            store.refreshCounts(h, n.path());
            return l;
        });
    }

    public void unlink(ResourceId resource, TaxonomyNodeId nodeId) {
        database.write(h -> {
            TaxonomyNode n = store.find(h, nodeId).orElseThrow(() -> new NotFoundException("no taxonomy node with id " + nodeId));
            if (!store.unlink(h, resource, nodeId)) throw new NotFoundException("resource " + resource + " is not filed under " + nodeId);
            store.refreshCounts(h, n.path());
            return null;
        });
    }

    public List<ResourceLink> links(ResourceId resource) {
        return database.read(h -> {
            resources.require(h, resource);
            return store.links(h, resource);
        });
    }

    /** Resources filed under a node (or anywhere in its subtree), with the resource filters and pagination. */
    public Page<Resource> resources(TaxonomyNodeId id, boolean subtree, ResourceQuery query) {
        TaxonomyNode n = get(id);
        ResourceScope scope = subtree ? TaxonomyStore.subtreeResources(n.path()) : TaxonomyStore.nodeResources(n.id());
        return resourceService.list(query, scope);
    }

    private TaxonomyNode node(Handle h, TaxonomyNodeId id) {
        return store.find(h, id).orElseThrow(() -> new NotFoundException("no taxonomy node with id " + id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
