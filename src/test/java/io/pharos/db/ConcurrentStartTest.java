package io.pharos.db;

import io.pharos.Pharos;
import io.pharos.config.Settings;
import io.pharos.config.SettingsLoader;
import io.pharos.testing.Api;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances started at the same moment on an empty PostgreSQL database: one upgrades the schema,
 * the other waits on Liquibase's lock (a row in {@code databasechangeloglock}, no session lock) and
 * starts on the current schema; neither fails. A few rounds, each on a fresh database.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class ConcurrentStartTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    @Test
    void two_instances_starting_together_on_an_empty_database_both_start_on_the_current_schema() throws Exception {
        for (int round = 0; round < 2; round++) {
            Settings settings = settings(dbs.postgres());
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            List<CompletableFuture<Pharos>> starts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                starts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return Pharos.start(settings);
                }, threads));
            }
            List<Pharos> started = new ArrayList<>();
            try {
                for (CompletableFuture<Pharos> s : starts) started.add(s.get(180, TimeUnit.SECONDS));
                String latest = started.get(0).library().schema().latestVersion();
                for (Pharos p : started) {
                    assertThat(p.library().schema().isCurrent()).isTrue();
                    assertThat(p.library().schema().currentVersion()).isEqualTo(latest);
                    var ready = new Api(p.port()).get("/health/ready");
                    assertThat(ready.status()).isEqualTo(200);
                }
                // every changeset ran once
                try (Database db = Database.open(settings)) {
                    long applied = db.read(h -> h.createQuery("SELECT count(*) FROM databasechangelog").mapTo(Long.class).one());
                    long distinct = db.read(h -> h.createQuery("SELECT count(DISTINCT id) FROM databasechangelog").mapTo(Long.class).one());
                    assertThat(applied).isEqualTo(distinct).isEqualTo(started.get(0).library().schema().appliedCount());
                }
            } finally {
                for (CompletableFuture<Pharos> s : starts) s.handle((p, e) -> p).thenAccept(p -> { if (p != null && !started.contains(p)) p.close(); });
                started.forEach(Pharos::close);
                threads.shutdown();
            }
        }
    }

    private Settings settings(String url) {
        return SettingsLoader.load(Map.of(), null, Map.of("DATABASE_URL", url, "PHAROS_PORT", "0", "PHAROS_HOST", "127.0.0.1",
                "PHAROS_DATA_DIR", dbs.dir().toString(), "PHAROS_EMBEDDINGS", "none"));
    }
}
