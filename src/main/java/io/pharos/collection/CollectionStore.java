package io.pharos.collection;

import io.pharos.auth.UserId;
import io.pharos.db.Dialect;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceScope;
import io.pharos.resource.SqlPredicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for collections and their memberships. */
final class CollectionStore {
    private static final String COLUMNS = "id, name, description, owner_id, visibility, parent_id, created_at, updated_at";

    private static final RowMapper<Collection> MAPPER = (rs, ctx) -> {
        ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
        ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        UUID parent = uuid.map(rs, "parent_id", ctx);
        return new Collection(new CollectionId(uuid.map(rs, "id", ctx)), rs.getString("name"), rs.getString("description"),
                new UserId(uuid.map(rs, "owner_id", ctx)),
                Visibility.valueOf(rs.getString("visibility").toUpperCase(java.util.Locale.ROOT)),
                parent == null ? null : new CollectionId(parent),
                instant.map(rs, "created_at", ctx), instant.map(rs, "updated_at", ctx));
    };

    /**
     * The columns as {@code :viewer} may see them (from {@code collections c LEFT JOIN collections p ON p.id =
     * c.parent_id}): a parent the viewer may not read is hidden, as if the collection had none.
     */
    private static final String VISIBLE_COLUMNS = """
            c.id, c.name, c.description, c.owner_id, c.visibility,
            CASE WHEN c.owner_id = :viewer OR p.visibility <> 'private' OR p.owner_id = :viewer THEN c.parent_id END AS parent_id,
            c.created_at, c.updated_at""";
    private static final String VISIBLE_FROM = " FROM collections c LEFT JOIN collections p ON p.id = c.parent_id";

    /** Adds a member at the end; a resource already in the collection is left as it is (no error, no duplicate). */
    private static final String ADD_MEMBER = """
            INSERT INTO collection_resources (collection_id, resource_id, added_at, position)
            VALUES (:collection, :resource, :at,
                    (SELECT COALESCE(MAX(position), 0) + 1 FROM collection_resources WHERE collection_id = :collection))
            ON CONFLICT DO NOTHING""";

    /** Restricts a resource listing or a search to one collection's members. */
    static ResourceScope members(CollectionId collection) {
        return alias -> new SqlPredicate(SqlPredicate.qualifier(alias) + """
                id IN (SELECT cr.resource_id FROM collection_resources cr WHERE cr.collection_id = :scope_collection)""",
                Map.of("scope_collection", collection.value()));
    }

    private final Dialect dialect;

    CollectionStore(Dialect dialect) {
        this.dialect = dialect;
    }

    void insert(Handle h, Collection c) {
        h.createUpdate("INSERT INTO collections (" + COLUMNS + ") VALUES (:id, :name, :description, :owner, :visibility, :parent, :createdAt, :updatedAt)")
                .bind("id", c.id().value()).bind("name", c.name()).bind("description", c.description())
                .bind("owner", c.ownerId().value()).bind("visibility", c.visibility().wire())
                .bind("parent", c.parentId() == null ? null : c.parentId().value())
                .bind("createdAt", c.createdAt()).bind("updatedAt", c.updatedAt()).execute();
    }

    Optional<Collection> find(Handle h, CollectionId id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM collections WHERE id = :id").bind("id", id.value()).map(MAPPER).findOne();
    }

    Optional<Collection> findForUpdate(Handle h, CollectionId id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM collections WHERE id = :id" + dialect.forUpdate())
                .bind("id", id.value()).map(MAPPER).findOne();
    }

    void update(Handle h, Collection c) {
        h.createUpdate("""
                        UPDATE collections SET name = :name, description = :description, visibility = :visibility,
                               parent_id = :parent, updated_at = :updatedAt WHERE id = :id""")
                .bind("id", c.id().value()).bind("name", c.name()).bind("description", c.description())
                .bind("visibility", c.visibility().wire()).bind("parent", c.parentId() == null ? null : c.parentId().value())
                .bind("updatedAt", c.updatedAt()).execute();
    }

    void delete(Handle h, CollectionId id) {
        h.createUpdate("DELETE FROM collections WHERE id = :id").bind("id", id.value()).execute();
    }

    boolean hasChildren(Handle h, CollectionId id) {
        return h.createQuery("SELECT count(*) FROM (SELECT 1 FROM collections WHERE parent_id = :id LIMIT 1) t")
                .bind("id", id.value()).mapTo(Long.class).one() > 0;
    }

    /** The collection as {@code viewer} sees it (a parent they may not read hidden), whether or not they may read it. */
    Optional<Collection> findAsSeenBy(Handle h, CollectionId id, UserId viewer) {
        return h.createQuery("SELECT " + VISIBLE_COLUMNS + VISIBLE_FROM + " WHERE c.id = :id")
                .bind("id", id.value()).bind("viewer", viewer.value()).map(MAPPER).findOne();
    }

    /**
     * Collections {@code viewer} may read, in creation order, after the keyset position if any; with
     * {@code parent}, only children of a parent the viewer may read (another's private parent has none).
     */
    List<Collection> listVisible(Handle h, UserId viewer, boolean mineOnly, CollectionId parent, Instant afterCreated, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(VISIBLE_COLUMNS).append(VISIBLE_FROM).append(" WHERE ");
        sql.append(mineOnly ? "c.owner_id = :viewer" : "(c.owner_id = :viewer OR c.visibility <> 'private')");
        if (parent != null) sql.append(" AND c.parent_id = :parent AND (p.owner_id = :viewer OR p.visibility <> 'private')");
        if (afterId != null) sql.append(" AND (c.created_at > :afterCreated OR (c.created_at = :afterCreated AND c.id > :afterId))");
        sql.append(" ORDER BY c.created_at, c.id LIMIT :limit");
        return h.createQuery(sql.toString())
                .bind("viewer", viewer.value()).bind("parent", parent == null ? null : parent.value())
                .bind("afterCreated", afterCreated).bind("afterId", afterId).bind("limit", limit + 1)
                .map(MAPPER).list();
    }

    boolean addMember(Handle h, CollectionId c, ResourceId r, Instant at) {
        return h.createUpdate(ADD_MEMBER).bind("collection", c.value()).bind("resource", r.value()).bind("at", at).execute() == 1;
    }

    /** Gives every collection of {@code from} to {@code to}; how many moved. */
    int changeOwner(Handle h, UserId from, UserId to) {
        return h.createUpdate("UPDATE collections SET owner_id = :to WHERE owner_id = :from")
                .bind("from", from.value()).bind("to", to.value()).execute();
    }

    boolean removeMember(Handle h, CollectionId c, ResourceId r) {
        return h.createUpdate("DELETE FROM collection_resources WHERE collection_id = :c AND resource_id = :r")
                .bind("c", c.value()).bind("r", r.value()).execute() == 1;
    }
}
