package io.pharos.taxonomy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.common.Jsons;
import io.pharos.common.PharosException;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceEvent;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceInput;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceLookup;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** After random inserts, moves, deletes, links and unlinks, every stored path and count equals a recomputation. */
class TaxonomyPropertyTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    private static final ObjectMapper JSON = Jsons.mapper();

    @Test
    void paths_and_counts_equal_a_recomputation_after_200_random_operations() throws Exception {
        long seed = Long.getLong("pharos.test.seed", 20261121L);
        Random random = new Random(seed);
        try (Database db = Database.open(testDb.settings())) {
            new SchemaMigrator(db).upgrade();
            DomainEvents events = new DomainEvents();
            ResourceLookup resourceStore = new ResourceLookup(db.dialect());
            ResourceService resources = new ResourceService(db, resourceStore, Clock.systemUTC(), events);
            TaxonomyService taxonomy = new TaxonomyService(db, resourceStore, resources, Clock.systemUTC());
            events.subscribe(ResourceEvent.Deleted.class, taxonomy::onResourceDeleted);

            List<ResourceId> docs = new ArrayList<>();
            for (int i = 0; i < 12; i++) docs.add(resources.create(ResourceInput.read(JSON.readTree("{\"title\":\"doc " + i + "\"}"), true)).id());
            List<TaxonomyNodeId> nodes = new ArrayList<>();
            Map<String, Integer> done = new HashMap<>();

            for (int op = 0; op < 200; op++) {
                int dice = random.nextInt(100);
                String kind;
                try {
                    if (nodes.size() < 3 || dice < 35) {
                        kind = "insert";
                        String parent = nodes.isEmpty() || random.nextInt(5) == 0 ? null : pick(random, nodes).toString();
                        var body = JSON.createObjectNode().put("name", "node " + op);
                        if (parent != null) body.put("parent_id", parent);
                        nodes.add(taxonomy.create(TaxonomyInput.create(body)).id());
                    } else if (dice < 55) {
                        kind = "move";
                        TaxonomyNodeId n = pick(random, nodes);
                        var body = JSON.createObjectNode();
                        if (random.nextInt(6) == 0) body.putNull("parent_id");
                        else body.put("parent_id", pick(random, nodes).toString());
                        taxonomy.patch(n, TaxonomyInput.patch(body));
                    } else if (dice < 65) {
                        kind = "delete";
                        TaxonomyNodeId n = pick(random, nodes);
                        taxonomy.delete(n, random.nextBoolean());
                        Set<UUID> alive = new HashSet<>(db.read(h -> h.createQuery("SELECT id FROM taxonomy_nodes").mapTo(UUID.class).list()));
                        nodes.removeIf(x -> !alive.contains(x.value()));
                    } else if (dice < 88) {
                        kind = "link";
                        var body = JSON.createObjectNode().put("taxonomy_id", pick(random, nodes).toString()).put("confidence", 0.5);
                        taxonomy.link(pick(random, docs), TaxonomyInput.link(body));
                    } else if (dice < 96) {
                        kind = "unlink";
                        List<UUID[]> linked = db.read(h -> h.createQuery("SELECT resource_id, taxonomy_id FROM resource_taxonomy ORDER BY resource_id, taxonomy_id")
                                .map((rs, ctx) -> new UUID[] {UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2))}).list());
                        if (linked.isEmpty()) throw new io.pharos.common.NotFoundException("nothing linked yet");
                        UUID[] l = pick(random, linked);
                        taxonomy.unlink(new ResourceId(l[0]), new TaxonomyNodeId(l[1]));
                    } else {
                        kind = "delete-resource";
                        ResourceId r = pick(random, docs);
                        resources.delete(r);
                        docs.remove(r);
                        Resource fresh = resources.create(ResourceInput.read(JSON.readTree("{\"title\":\"replacement " + op + "\"}"), true));
                        docs.add(fresh.id());
                    }
                } catch (PharosException refused) {
                    // refused operations (a move into its own subtree, a duplicate link, a delete with children...) change nothing
                    kind = "refused";
                }
                done.merge(kind, 1, Integer::sum);
                if (op % 25 == 24) assertMatchesRecomputation(db, "after op " + op + " (seed " + seed + ")");
            }
            assertMatchesRecomputation(db, "at the end (seed " + seed + ")");
            assertThat(done).as("operations done").containsKeys("insert", "move", "delete", "link", "unlink", "refused");
        }
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    record Row(UUID id, UUID parent, int level, String path, long resourceCount, long descendantCount, boolean leaf) {}

    private static void assertMatchesRecomputation(Database db, String when) {
        List<Row> rows = db.read(h -> h.createQuery(
                        "SELECT id, parent_id, level, path, resource_count, descendant_resource_count, is_leaf FROM taxonomy_nodes")
                .map((rs, ctx) -> {
                    var uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
                    return new Row(uuid.map(rs, "id", ctx), uuid.map(rs, "parent_id", ctx), rs.getInt("level"), rs.getString("path"),
                            rs.getLong("resource_count"), rs.getLong("descendant_resource_count"), rs.getBoolean("is_leaf"));
                }).list());
        List<UUID[]> links = db.read(h -> h.createQuery("SELECT resource_id, taxonomy_id FROM resource_taxonomy")
                .map((rs, ctx) -> {
                    var uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
                    return new UUID[] {uuid.map(rs, "resource_id", ctx), uuid.map(rs, "taxonomy_id", ctx)};
                }).list());

        Map<UUID, UUID> parentOf = new HashMap<>();
        Map<UUID, List<UUID>> children = new HashMap<>();
        rows.forEach(r -> {
            parentOf.put(r.id(), r.parent());
            if (r.parent() != null) children.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r.id());
        });
        for (Row r : rows) {
            // path and level from the parent links alone
            List<UUID> chain = new ArrayList<>();
            for (UUID at = r.id(); at != null; at = parentOf.get(at)) {
                chain.addFirst(at);
                assertThat(chain.size()).as(when + ": cycle at " + r.id()).isLessThan(10_000);
            }
            StringBuilder path = new StringBuilder("/");
            chain.forEach(id -> path.append(id).append('/'));
            assertThat(r.path()).as(when + ": path of " + r.id()).isEqualTo(path.toString());
            assertThat(r.level()).as(when + ": level of " + r.id()).isEqualTo(chain.size() - 1);
            assertThat(r.leaf()).as(when + ": is_leaf of " + r.id()).isEqualTo(!children.containsKey(r.id()));

            Set<UUID> subtree = new HashSet<>();
            List<UUID> todo = new ArrayList<>(List.of(r.id()));
            while (!todo.isEmpty()) {
                UUID at = todo.removeLast();
                subtree.add(at);
                todo.addAll(children.getOrDefault(at, List.of()));
            }
            long own = links.stream().filter(l -> l[1].equals(r.id())).count();
            long distinct = links.stream().filter(l -> subtree.contains(l[1])).map(l -> l[0]).distinct().count();
            assertThat(r.resourceCount()).as(when + ": resource_count of " + r.id()).isEqualTo(own);
            assertThat(r.descendantCount()).as(when + ": descendant_resource_count of " + r.id()).isEqualTo(distinct);
        }
    }
}
