package io.pharos.interaction;

import io.pharos.auth.LocalOwnerAdopted;
import io.pharos.auth.Principal;
import io.pharos.common.NotFoundException;
import io.pharos.db.Database;
import io.pharos.db.Json;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceStore;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Records interactions and computes each resource's aggregates (views, bookmarks, downloads, average rating). */
public final class InteractionService {
    private static final String STATS = """
            SELECT SUM(CASE WHEN interaction_type = 'view' THEN 1 ELSE 0 END) AS views,
                   SUM(CASE WHEN interaction_type = 'bookmark' THEN 1 ELSE 0 END) AS bookmarks,
                   SUM(CASE WHEN interaction_type = 'download' THEN 1 ELSE 0 END) AS downloads,
                   COUNT(rating) AS ratings,
                   AVG(CAST(rating AS DOUBLE PRECISION)) AS average_rating
              FROM interactions WHERE resource_id = :r""";

    private final Database database;
    private final ResourceStore resources;
    private final Clock clock;

    public InteractionService(Database database, ResourceStore resources, Clock clock) {
        this.database = database;
        this.resources = resources;
        this.clock = clock;
    }

    public Interaction record(Principal p, ResourceId resource, InteractionInput in) {
        InteractionType t = in.type();
        Interaction i = new Interaction(UUID.randomUUID(), p.userId(), resource, t, in.rating(), in.durationSeconds(), in.metadata(), now());
        database.write(h -> {
            resources.find(h, resource).orElseThrow(() -> new NotFoundException("no resource with id " + resource));
            h.createUpdate("""
                            INSERT INTO interactions (id, user_id, resource_id, interaction_type, rating, duration_seconds, metadata, created_at)
                            VALUES (:id, :user, :resource, :type, :rating, :duration, :metadata, :createdAt)""")
                    .bind("id", i.id()).bind("user", i.userId().value()).bind("resource", resource.value())
                    .bind("type", t.wire()).bind("rating", i.rating()).bind("duration", i.durationSeconds())
                    .bind("metadata", new Json(i.metadata())).bind("createdAt", i.createdAt()).execute();
            return null;
        });
        return i;
    }

    /** The new admin takes over the local owner's interactions (a {@link LocalOwnerAdopted} handler, inside that write). */
    public void onLocalOwnerAdopted(Handle h, LocalOwnerAdopted e) {
        e.moved("interactions", h.createUpdate("UPDATE interactions SET user_id = :to WHERE user_id = :from")
                .bind("from", e.from().value()).bind("to", e.to().value()).execute());
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
