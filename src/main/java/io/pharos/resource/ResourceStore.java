package io.pharos.resource;

import io.pharos.db.Dialect;
import io.pharos.db.Json;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for resources. Portable statements, written once; the dialect supplies the few fragments that differ.
 * Package-private: other features read resources through {@link ResourceLookup}.
 */
final class ResourceStore {

    private static final String COLUMNS = """
            id, title, description, content, creator, publisher, source, language, type, subject,
            identifier, doi, classification_code, quality_score, read_status, created_at, updated_at, version""";

    private static final String INSERT = """
            INSERT INTO resources (""" + COLUMNS + """
            ) VALUES (:id, :title, :description, :content, :creator, :publisher, :source, :language, :type, :subject,
                      :identifier, :doi, :classificationCode, :qualityScore, :readStatus, :createdAt, :updatedAt, :version)""";

    private static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM resources WHERE id = :id";

    private static final String UPDATE = """
            UPDATE resources SET title = :title, description = :description, content = :content, creator = :creator,
                   publisher = :publisher, source = :source, language = :language, type = :type, subject = :subject,
                   identifier = :identifier, doi = :doi, classification_code = :classificationCode,
                   quality_score = :qualityScore, read_status = :readStatus, updated_at = :updatedAt, version = :version
             WHERE id = :id AND version = :expectedVersion""";

    private static final String DELETE = "DELETE FROM resources WHERE id = :id";


    private final Dialect dialect;
    private final RowMapper<Resource> mapper;

    ResourceStore(Dialect dialect) {
        this.dialect = dialect;
        this.mapper = this::map;
    }

    private Resource map(ResultSet rs, StatementContext ctx) throws SQLException {
        ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
        ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        double quality = rs.getDouble("quality_score");
        Double qualityScore = rs.wasNull() ? null : quality;
        return new Resource(
                new ResourceId(uuid.map(rs, "id", ctx)),
                rs.getString("title"), rs.getString("description"), rs.getString("content"),
                rs.getString("creator"), rs.getString("publisher"), rs.getString("source"),
                rs.getString("language"), rs.getString("type"), Json.strings(rs.getString("subject"), "subject"),
                rs.getString("identifier"), rs.getString("doi"), rs.getString("classification_code"),
                qualityScore, ReadStatus.valueOf(rs.getString("read_status").toUpperCase(java.util.Locale.ROOT)),
                instant.map(rs, "created_at", ctx), instant.map(rs, "updated_at", ctx),
                rs.getLong("version"));
    }

    void insert(Handle h, Resource r) {
        bindAll(h.createUpdate(INSERT), r).execute();
    }

    /** Inserts each row unless its id exists; per row 1 (inserted) or 0 (skipped). */
    int[] insertBatch(Handle h, List<Resource> rows) {
        org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch(INSERT + " ON CONFLICT (id) DO NOTHING");
        for (Resource r : rows) bindAll(batch, r).add();
        return batch.execute();
    }

    /** For each of {@code values} of one natural key, the oldest resource that has it. */
    java.util.Map<String, Resource> findByKey(Handle h, NaturalKey.Kind kind, java.util.Collection<String> values) {
        if (values.isEmpty()) return java.util.Map.of();
        String column = switch (kind) {
            case DOI -> "doi";
            case IDENTIFIER -> "identifier";
            case SOURCE -> "source";
        };
        java.util.Map<String, Resource> found = new java.util.HashMap<>();
        h.createQuery("SELECT " + COLUMNS + " FROM resources WHERE " + column + " IN (<values>) ORDER BY created_at, id")
                .bindList("values", List.copyOf(values)).map(mapper)
                .forEach(r -> found.putIfAbsent(switch (kind) {
                    case DOI -> r.doi();
                    case IDENTIFIER -> r.identifier();
                    case SOURCE -> r.source();
                }, r));
        return found;
    }

    Optional<Resource> find(Handle h, ResourceId id) {
        return h.createQuery(SELECT_BY_ID).bind("id", id.value()).map(mapper).findOne();
    }

    /** Reads a row about to be updated, locking it where the database has row locks. */
    Optional<Resource> findForUpdate(Handle h, ResourceId id) {
        return h.createQuery(SELECT_BY_ID + dialect.forUpdate()).bind("id", id.value()).map(mapper).findOne();
    }

    /** Writes {@code r} if the stored version is still {@code expectedVersion}; false otherwise. */
    boolean update(Handle h, Resource r, long expectedVersion) {
        var update = h.createUpdate(UPDATE).bind("expectedVersion", expectedVersion);
        return bindAll(update, r).execute() == 1;
    }

    boolean delete(Handle h, ResourceId id) {
        return h.createUpdate(DELETE).bind("id", id.value()).execute() == 1;
    }

    /** Which of {@code ids} exist. */
    java.util.Set<ResourceId> existing(Handle h, java.util.Collection<ResourceId> ids) {
        if (ids.isEmpty()) return java.util.Set.of();
        return java.util.Set.copyOf(h.createQuery("SELECT id FROM resources WHERE id IN (<ids>)")
                .bindList("ids", ids.stream().map(ResourceId::value).toList())
                .mapTo(UUID.class).map(ResourceId::new).list());
    }

    long count(Handle h) {
        return h.createQuery("SELECT count(*) FROM resources").mapTo(Long.class).one();
    }

    /** One page in keyset order: rows after the cursor, {@code limit + 1} fetched to know if more follow. */
    List<Resource> list(Handle h, ResourceQuery q) {
        return list(h, q, ResourceScope.ALL);
    }

    /** As {@link #list(Handle, ResourceQuery)}, restricted to the resources of {@code scope}. */
    List<Resource> list(Handle h, ResourceQuery q, ResourceScope scope) {
        SqlPredicate where = q.filter().where(dialect, "r").and(scope.on("r"));
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM resources r WHERE ").append(where.sql());
        String key = q.sort().expression;
        String cmp = q.descending() ? "<" : ">";
        if (q.after() != null) {
            sql.append(" AND (").append(key).append(' ').append(cmp).append(" :afterValue OR (")
               .append(key).append(" = :afterValue AND r.id ").append(cmp).append(" :afterId))");
        }
        String dir = q.descending() ? " DESC" : " ASC";
        sql.append(" ORDER BY ").append(key).append(dir).append(", r.id").append(dir).append(" LIMIT :limit");

        Query query = where.bindTo(h.createQuery(sql.toString())).bind("limit", q.limit() + 1);
        if (q.after() != null) {
            bindTyped(query, "afterValue", q.after().value());
            query.bind("afterId", q.after().id().value());
        }
        return query.map(mapper).list();
    }

    private static void bindTyped(Query query, String name, Object value) {
        switch (value) {
            case Instant i -> query.bind(name, i);
            case Double d -> query.bind(name, d);
            default -> query.bind(name, value.toString());
        }
    }

    private <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindAll(S s, Resource r) {
        return s.bind("id", r.id().value())
                .bind("title", r.title()).bind("description", r.description()).bind("content", r.content())
                .bind("creator", r.creator()).bind("publisher", r.publisher()).bind("source", r.source())
                .bind("language", r.language()).bind("type", r.type())
                .bind("subject", Json.ofStrings(r.subject()))
                .bind("identifier", r.identifier()).bind("doi", r.doi())
                .bind("classificationCode", r.classificationCode()).bind("qualityScore", r.qualityScore())
                .bind("readStatus", r.readStatus().wire())
                .bind("createdAt", r.createdAt()).bind("updatedAt", r.updatedAt()).bind("version", r.version());
    }


}
