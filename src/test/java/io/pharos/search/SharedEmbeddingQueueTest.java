package io.pharos.search;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pharos.Library;
import io.pharos.Pharos;
import io.pharos.config.Settings;
import io.pharos.db.Database;
import io.pharos.resource.ResourceInput;
import io.pharos.testing.CountingEmbeddings;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedding queue shared by several instances (PostgreSQL): every resource is embedded exactly once,
 * counted at a fake OpenAI-compatible endpoint that tells the instances apart; an instance killed with
 * SIGKILL (a child JVM) leaves claims that another takes over when their lease runs out. On SQLite one
 * process drains the queue: every resource once, and a claim left by a process that is gone does not
 * hold its entries back.
 */
class SharedEmbeddingQueueTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final int RESOURCES = 2000;
    static final String LEASE_MS = "5000";
    static CountingEmbeddings fake;

    @BeforeAll
    static void startFake() throws Exception {
        fake = new CountingEmbeddings();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void emptyLibrary() {
        fake.reset();
        try (Library library = Library.open(settings("setup"))) {
            library.database().write(h -> h.execute("DELETE FROM resources"));
        }
    }

    @Test
    void every_queued_resource_is_embedded_exactly_once() {
        List<Pharos> instances = new ArrayList<>();
        try {
            instances.add(Pharos.start(settings("a")));
            if (TestDatabase.isPostgres()) instances.add(Pharos.start(settings("b")));   // SQLite: one process
            populate(instances.get(0).library(), RESOURCES);
            Database database = instances.get(0).library().database();
            await(() -> queueDepth(database) == 0, Duration.ofMinutes(5), "the queue drained");

            assertEveryResourceEmbedded(database);
            Map<String, Integer> a = fake.counts("a"), b = fake.counts("b");
            assertThat(a.values()).allMatch(n -> n == 1);
            assertThat(b.values()).allMatch(n -> n == 1);
            Set<String> both = new HashSet<>(a.keySet());
            both.retainAll(b.keySet());
            assertThat(both).as("inputs embedded by both instances").isEmpty();
            assertThat(a.size() + b.size()).isEqualTo(RESOURCES);
            if (TestDatabase.isPostgres()) {
                assertThat(a).as("instance a took part").isNotEmpty();
                assertThat(b).as("instance b took part").isNotEmpty();
            }
        } finally {
            instances.forEach(Pharos::close);
        }
    }

    @Test
    void a_claim_left_by_a_process_that_is_gone_is_taken_over_when_its_lease_runs_out_on_postgresql_at_once_on_sqlite() {
        Instant expiry;
        try (Library library = Library.open(settings("setup"))) {
            populate(library, 20);
            Instant until = Instant.now().plusSeconds(8);
            int claimed = library.database().write(h -> h.createUpdate("""
                    UPDATE embedding_queue SET claimed_by = 'gone-host:1:deadbeef', claim_expires_at = :until
                     WHERE resource_id IN (SELECT resource_id FROM embedding_queue ORDER BY enqueued_at, resource_id LIMIT 10)""")
                    .bind("until", until).execute());
            assertThat(claimed).isEqualTo(10);
            expiry = until;
        }
        try (Pharos pharos = Pharos.start(settings("a"))) {
            Database database = pharos.library().database();
            if (TestDatabase.isPostgres()) {
                await(() -> queueDepth(database) == 10, Duration.ofMinutes(2), "the unclaimed entries were embedded");
                assertThat(Instant.now()).as("the others are still held").isBefore(expiry);
                long stillHeld = database.read(h -> h.createQuery("SELECT count(*) FROM embedding_queue WHERE claimed_by = 'gone-host:1:deadbeef'")
                        .mapTo(Long.class).one());
                assertThat(stillHeld).isEqualTo(10);
                await(() -> queueDepth(database) == 0, Duration.ofMinutes(2), "the expired claims were taken over");
                assertThat(Instant.now()).as("taken over only once the lease ran out").isAfterOrEqualTo(expiry);
            } else {
                await(() -> queueDepth(database) == 0, Duration.ofMinutes(2), "the queue drained");
                assertThat(Instant.now()).as("an embedded library's claims do not hold a new process back").isBefore(expiry);
            }
            assertEveryResourceEmbedded(database);
            assertThat(fake.counts("a")).hasSize(20).allSatisfy((text, n) -> assertThat(n).isEqualTo(1));
        }
    }

    @Test
    @Tag("postgresql-only")
    void an_instance_killed_halfway_leaves_its_claims_to_the_other_once_the_lease_runs_out() throws Exception {
        fake.delay("a", 10);   // so that the child is killed mid-batch
        try (Library library = Library.open(settings("setup"))) {
            populate(library, RESOURCES);
        }
        Path log = db.dir().resolve("instance-a.log");
        Process a = child(settings("a"), log);
        try {
            // a works alone until it is well into the queue (a child JVM starts slowly on a busy machine:
            // with b already running, b could drain everything before a made a single call)
            await(() -> {
                if (!a.isAlive()) throw new AssertionError("instance a ended by itself, exit " + a.exitValue() + ": " + tail(log));
                return fake.total("a") >= 200;
            }, Duration.ofMinutes(5), "instance a embedded 200 inputs");
            a.destroyForcibly();   // SIGKILL: no shutdown hook, its claims stay behind
            assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(a.exitValue()).isEqualTo(137);
        } finally {
            a.destroyForcibly();
        }
        // read at once, before b exists: every claim left now is a's, and its lease has not run out yet
        List<UUID> heldByA;
        Set<String> inputsHeldByA;
        try (Database probe = Database.open(db.settings())) {
            heldByA = probe.read(h -> h.createQuery("""
                    SELECT resource_id FROM embedding_queue WHERE claimed_by IS NOT NULL AND claim_expires_at > now()""")
                    .mapTo(UUID.class).list());
            inputsHeldByA = heldByA.isEmpty() ? Set.of() : new HashSet<>(probe.read(h -> h.createQuery(
                            "SELECT title || chr(10) || text FROM chunks WHERE resource_id IN (<ids>)")
                    .bindList("ids", heldByA).mapTo(String.class).list()));
        }
        assertThat(heldByA).as("instance a held unexpired claims when it was killed").isNotEmpty();
        try (Pharos b = Pharos.start(settings("b"))) {
            Database database = b.library().database();

            await(() -> queueDepth(database) == 0, Duration.ofMinutes(5), "instance b drained the queue");
            assertEveryResourceEmbedded(database);
            Map<String, Integer> byA = fake.counts("a"), byB = fake.counts("b");
            assertThat(byA.values()).allMatch(n -> n == 1);
            assertThat(byB.values()).allMatch(n -> n == 1);
            assertThat(byB.keySet()).as("instance b took over what a held").containsAll(inputsHeldByA);
            Set<String> both = new HashSet<>(byA.keySet());
            both.retainAll(byB.keySet());
            // only an input whose model call was in flight when a died (sent, never stored) is embedded again
            assertThat(both).hasSizeLessThanOrEqualTo(1);
            assertThat(inputsHeldByA).containsAll(both);
            Set<String> all = new HashSet<>(byA.keySet());
            all.addAll(byB.keySet());
            assertThat(all).hasSize(RESOURCES);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static Settings settings(String caller) {
        return db.settings(Map.of("PHAROS_EMBEDDINGS_URL", fake.url(caller), "PHAROS_EMBEDDINGS_MODEL", "fake-embed",
                "PHAROS_EMBEDDING_LEASE_MS", LEASE_MS));
    }

    /** {@code count} one-chunk resources, queued for embedding (their inputs are distinct). */
    static void populate(Library library, int count) {
        for (int from = 0; from < count; from += 1000) {
            List<ResourceInput.BatchItem> items = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1000); i++) {
                items.add(ResourceInput.BatchItem.read(JsonNodeFactory.instance.objectNode()
                        .put("title", "Resource %04d".formatted(i)).put("content", "notes on lighthouse number " + i)));
            }
            library.resources().createBatch(items, true);
        }
    }

    static void assertEveryResourceEmbedded(Database database) {
        long resources = database.read(h -> h.createQuery("SELECT count(*) FROM resources").mapTo(Long.class).one());
        long chunks = database.read(h -> h.createQuery("SELECT count(*) FROM chunks").mapTo(Long.class).one());
        assertThat(chunks).isEqualTo(resources);
        assertThat(embedded(database)).isEqualTo(chunks);
    }

    static long embedded(Database database) {
        return database.read(h -> h.createQuery("SELECT count(*) FROM chunks WHERE embedding IS NOT NULL").mapTo(Long.class).one());
    }

    static long queueDepth(Database database) {
        return database.read(h -> h.createQuery("SELECT count(*) FROM embedding_queue").mapTo(Long.class).one());
    }

    static void await(BooleanSupplier condition, Duration max, String what) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting until " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** {@code pharos serve} in a child JVM with {@code settings}' database and embeddings endpoint. */
    static Process child(Settings settings, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.pharos.cli.Main", "serve")
                .directory(db.dir().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(new HashMap<>(Map.of("DATABASE_URL", db.url(), "PHAROS_PORT", "0", "PHAROS_HOST", "127.0.0.1",
                "PHAROS_DATA_DIR", db.dir().toString(), "PHAROS_EMBEDDINGS_URL", settings.search().embeddingsUrl(),
                "PHAROS_EMBEDDINGS_MODEL", "fake-embed", "PHAROS_EMBEDDING_LEASE_MS", LEASE_MS,
                "PHAROS_DB_POOLER", settings.pooler().name().toLowerCase(java.util.Locale.ROOT))));
        if (db.configUrl() != null) env.put("PHAROS_CONFIG_DATABASE_URL", db.configUrl());   // the split run: both instances share the file
        return pb.start();
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
