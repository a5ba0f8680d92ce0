package io.pharos.health;

import io.pharos.db.Database;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness never waits behind the database's work: with every read connection taken it answers the last known report. */
class ReadinessBudgetTest {
    static final long CONNECTION_TIMEOUT_MS = 8000;

    @RegisterExtension
    static final TestServer server = new TestServer(Map.of(
            "PHAROS_AUTH", "off",
            "PHAROS_DB_POOL_SIZE", "2",
            "PHAROS_DB_CONNECTION_TIMEOUT_MS", Long.toString(CONNECTION_TIMEOUT_MS)));

    @Test
    void readiness_answers_the_last_known_report_while_every_read_connection_is_busy() throws Exception {
        assertThat(server.api().get("/health/ready").json().has("checked_ms_ago")).as("a fresh check").isFalse();

        Database db = server.pharos().library().database();
        int readers = db.readPool().getMaximumPoolSize();
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService holders = Executors.newFixedThreadPool(readers)) {
            for (int i = 0; i < readers; i++) {
                holders.submit(() -> db.read(h -> {
                    h.execute("SELECT 1");
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
            }
            while (db.readPool().getHikariPoolMXBean().getActiveConnections() < readers) Thread.sleep(5);

            long t0 = System.nanoTime();
            var r = server.api().get("/health/ready");
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("ready");
            assertThat(r.json().get("checked_ms_ago").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(millis).as("answered without waiting for a connection (%d ms timeout)", CONNECTION_TIMEOUT_MS)
                    .isLessThan(CONNECTION_TIMEOUT_MS / 2);
            assertThat(server.api().get("/health").status()).isEqualTo(200);
            release.countDown();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.api().get("/health/ready").json().has("checked_ms_ago")) {
            assertThat(System.nanoTime()).as("fresh checks again once connections are free").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
