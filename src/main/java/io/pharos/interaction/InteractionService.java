package io.pharos.interaction;

import io.pharos.auth.LocalOwnerAdopted;
import io.pharos.auth.Principal;
import io.pharos.common.NotFoundException;
import io.pharos.common.Page;
import io.pharos.db.Database;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Records interactions and computes each resource's aggregates (views, bookmarks, downloads, average rating).
 * A bookmark is made once per user and resource (a second one answers the first) and can be removed; a
 * resource's interactions are listed for their author (everyone's for an admin who asks).
 */
public final class InteractionService {
    private static final String STATS = """
            SELECT SUM(CASE WHEN interaction_type = 'view' THEN 1 ELSE 0 END) AS views,
                   SUM(CASE WHEN interaction_type = 'bookmark' THEN 1 ELSE 0 END) AS bookmarks,
                   SUM(CASE WHEN interaction_type = 'download' THEN 1 ELSE 0 END) AS downloads,
                   COUNT(rating) AS ratings,
                   AVG(CAST(rating AS DOUBLE PRECISION)) AS average_rating
              FROM interactions WHERE resource_id = :r""";

    private final Database database;
    private final InteractionStore store = new InteractionStore();
    private final ResourceLookup resources;
    private final Clock clock;
    private final io.pharos.auth.KnownUsers users;

    /** Interactions are content; their user is a user of the configuration part. */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONTENT, "interactions");
    public static final io.pharos.db.Part.CrossReference USER = new io.pharos.db.Part.CrossReference(io.pharos.db.Part.CONTENT, "interactions", "user_id", "users");

    public InteractionService(Database database, ResourceLookup resources, Clock clock, io.pharos.auth.KnownUsers users) {
        this.users = users;
        this.database = database;
        this.resources = resources;
        this.clock = clock;
    }

    /** What recording did: {@code created} is false for a bookmark that already existed ({@code interaction} is that one). */
    public record Recorded(Interaction interaction, boolean created) {}

    public Recorded record(Principal p, ResourceId resource, InteractionInput in) {
        Interaction i = new Interaction(UUID.randomUUID(), p.userId(), resource, in.type(), in.rating(), in.durationSeconds(), in.metadata(), now());
        users.require(p.userId());
        return database.write(h -> {
            requireResource(h, resource);
            if (store.insert(h, i)) return new Recorded(i, true);
            return new Recorded(store.findBookmark(h, p.userId(), resource).orElseThrow(), false);
        });
    }

    /** Removes the caller's bookmark of {@code resource}; 404 when the resource is unknown or not bookmarked by them. */
    public void removeBookmark(Principal p, ResourceId resource) {
        database.write(h -> {
            requireResource(h, resource);
            if (!store.deleteBookmark(h, p.userId(), resource)) throw new NotFoundException("resource " + resource + " is not bookmarked by you");
            return null;
        });
    }

    /** A resource's interactions, newest first: the caller's own, or with {@code everyone} (admins only, checked by the route) all of them. */
    public Page<Interaction> list(Principal p, ResourceId resource, boolean everyone, String cursor, int limit) {
        InteractionCursor after = InteractionCursor.decode(cursor);
        List<Interaction> rows = database.read(h -> {
            requireResource(h, resource);
            return store.list(h, resource, everyone ? null : p.userId(), after, limit + 1);
        });
        return page(rows, limit, i -> new InteractionCursor(i.createdAt(), i.id()));
    }

    /** The caller's bookmarks, newest first. */
    public Page<Bookmark> bookmarks(Principal p, String cursor, int limit) {
        InteractionCursor after = InteractionCursor.decode(cursor);
        List<Bookmark> rows = database.read(h -> store.bookmarks(h, p.userId(), after, limit + 1));
        return page(rows, limit, b -> new InteractionCursor(b.createdAt(), b.id()));
    }

    /** The new admin takes over the local owner's interactions (a {@link LocalOwnerAdopted} handler, inside that write). */
    public void onLocalOwnerAdopted(Handle h, LocalOwnerAdopted e) {
        e.moved("interactions", store.changeUser(h, e.from(), e.to()));
    }

    public InteractionStats stats(ResourceId resource) {
        return database.read(h -> stats(h, resource));
    }

    InteractionStats stats(Handle h, ResourceId resource) {
        return h.createQuery(STATS).bind("r", resource.value()).map((rs, ctx) -> {
            double avg = rs.getDouble("average_rating");
            Double average = rs.wasNull() ? null : Math.round(avg * 100) / 100.0;
            return new InteractionStats(rs.getLong("views"), rs.getLong("bookmarks"), rs.getLong("downloads"), rs.getLong("ratings"), average);
        }).one();
    }

    private void requireResource(Handle h, ResourceId resource) {
        resources.require(h, resource);
    }

    private static <T> Page<T> page(List<T> rows, int limit, Function<T, InteractionCursor> position) {
        if (rows.size() <= limit) return new Page<>(rows, null);
        List<T> page = List.copyOf(rows.subList(0, limit));
        return new Page<>(page, position.apply(page.getLast()).encode());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
