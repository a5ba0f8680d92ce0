package io.pharos.migrate;

import io.pharos.Pharos;
import io.pharos.config.SettingsLoader;
import io.pharos.testing.Api;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pharos.migrate.LiveMigrationTest.awaitServing;
import static io.pharos.migrate.LiveMigrationTest.live;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live migration where the server reaches PostgreSQL through a PgBouncer in transaction pooling mode
 * ({@code TEST_PGBOUNCER_URL}, in front of {@code TEST_DATABASE_URL}'s server) while {@code pharos migrate}
 * talks to PostgreSQL directly: a server follows its library to a PostgreSQL target through its own route
 * ({@code PHAROS_LIVE_TARGET_URL} through the pooler, {@code PHAROS_LIVE_TARGET_POOLER=pgbouncer}: no
 * server-side prepared statements, settings in every transaction), and a server on a PostgreSQL source
 * behind the pooler holds its writes and follows the library to SQLite. The PgBouncer run only.
 */
@Tag("pgbouncer-only")
class LiveMigrationThroughPgBouncerTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    /** The database of {@code direct} reached through the PgBouncer. */
    static String throughPgBouncer(String direct) {
        String bouncer = System.getenv("TEST_PGBOUNCER_URL");
        if (bouncer == null || bouncer.isBlank()) {
            throw new IllegalStateException("TEST_PGBOUNCER_URL is not set: this test needs a PgBouncer in transaction mode in front of TEST_DATABASE_URL's server");
        }
        String name = direct.replaceFirst("\\?.*$", "").substring(direct.replaceFirst("\\?.*$", "").lastIndexOf('/') + 1);
        return bouncer.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    private static Pharos start(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("PHAROS_PORT", "0", "PHAROS_DATA_DIR", dbs.dir().toString(), "PHAROS_EMBEDDINGS", "none"));
        all.putAll(settings);
        return Pharos.start(SettingsLoader.load(Map.of(), null, all));
    }

    @Test
    void a_server_follows_its_library_to_postgresql_through_its_own_pgbouncer_route() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        String bouncer = throughPgBouncer(b);
        int size = 500;
        try (Pharos server = start(Map.of("DATABASE_URL", a, "PHAROS_LIVE_TARGET_URL", bouncer, "PHAROS_LIVE_TARGET_POOLER", "pgbouncer"))) {
            Api api = new Api(server.port());
            List<String> collections = new ArrayList<>();
            List<String> seeded = LiveMigrationTest.seed(server, api, size, collections, dbs.dir());
            MigrationReport report;
            LiveWriter w;
            try (LiveWriter writer = new LiveWriter(api, seeded, collections)) {
                w = writer;
                Thread.sleep(500);
                report = live(a, b, false);   // migrate reaches the target directly
                awaitServing(server, bouncer);
                LiveMigrationTest.assertHealthDescribes(api, "postgresql");
                Thread.sleep(3000);   // many writes through the pooler, each statement on whichever server connection
            }
            assertThat(w.violations).as("reads that failed and writes answered 5xx other than 503 + Retry-After").isEmpty();
            assertThat(w.acknowledged.get()).isGreaterThan(50);
            assertThat(report.tables()).allSatisfy(t -> assertThat(t.checksumMatch()).as(t.table()).isTrue());
            assertThat(report.notes()).anyMatch(n -> n.startsWith("write pause:") && n.contains("of 1 instance(s)"));
            LiveMigrationTest.assertEveryAcknowledgedWrite(api, w, b, size - seeded.size());
            LiveMigrationTest.assertMovedAway(a);
        }
    }

    @Test
    void a_server_on_postgresql_behind_pgbouncer_holds_its_writes_and_follows_its_library_to_sqlite() throws Exception {
        String a = dbs.postgres();
        String c = dbs.sqlite();
        int size = 500;
        try (Pharos server = start(Map.of("DATABASE_URL", throughPgBouncer(a), "PHAROS_DB_POOLER", "pgbouncer"))) {
            Api api = new Api(server.port());
            List<String> collections = new ArrayList<>();
            List<String> seeded = LiveMigrationTest.seed(server, api, size, collections, dbs.dir());
            MigrationReport report;
            LiveWriter w;
            try (LiveWriter writer = new LiveWriter(api, seeded, collections)) {
                w = writer;
                Thread.sleep(500);
                report = live(a, c, false);
                awaitServing(server, c);
                LiveMigrationTest.assertHealthDescribes(api, "sqlite");
                Thread.sleep(1000);
            }
            assertThat(w.violations).as("reads that failed and writes answered 5xx other than 503 + Retry-After").isEmpty();
            assertThat(w.acknowledged.get()).isGreaterThan(50);
            assertThat(report.tables()).allSatisfy(t -> assertThat(t.checksumMatch()).as(t.table()).isTrue());
            assertThat(report.notes()).anyMatch(n -> n.startsWith("write pause:") && n.contains("of 1 instance(s)"));
            LiveMigrationTest.assertEveryAcknowledgedWrite(api, w, c, size - seeded.size());
            LiveMigrationTest.assertMovedAway(a);
        }
    }
}
