package io.pharos.monitoring;

import io.pharos.db.Database;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** More concurrent requests than the pools have connections: 503 with Retry-After within the bound, never a hang. */
class PoolExhaustionTest {
    static final long CONNECTION_TIMEOUT_MS = 1000;
    /** Scheduling slack on a busy 2-core machine: a correctness bound, not a speed assertion. */
    static final long SLACK_MS = 1500;

    /**
     * Auth off: with auth on, checking the caller's key needs a connection too, so during total
     * exhaustion the monitor would answer 503 like everything else (documented in the README).
     */
    @RegisterExtension
    static final TestServer server = new TestServer(java.util.Map.of(
            "PHAROS_AUTH", "off",
            "PHAROS_DB_POOL_SIZE", "2",
            "PHAROS_DB_CONNECTION_TIMEOUT_MS", Long.toString(CONNECTION_TIMEOUT_MS),
            "PHAROS_DB_WAIT_WARN_MS", "100"));

    record Timed(Api.Response response, long millis) {}

    /** Holds every connection of every pool (and the SQLite write path) until {@code release} opens. */
    static List<Future<?>> occupyAll(TestServer server, ExecutorService pool, CountDownLatch release) throws InterruptedException {
        return occupyAll(server.pharos().library().database(), pool, release);
    }

    /**
     * Every holder counts itself in once it has its connection: the pools' active counts alone would also
     * count a background worker's connection (embedding, matching, webhooks), which it gives back at once.
     */
    private static List<Future<?>> occupyAll(Database db, ExecutorService pool, CountDownLatch release) throws InterruptedException {
        List<Future<?>> holders = new ArrayList<>();
        int readers = db.readPool().getMaximumPoolSize();
        boolean ownWriter = db.writePool() != db.readPool();
        CountDownLatch held = new CountDownLatch(readers + (ownWriter ? 1 : 0));
        for (int i = 0; i < readers; i++) {
            holders.add(pool.submit(() -> db.read(h -> {
                h.execute("SELECT 1");
                held.countDown();
                await(release);
                return null;
            })));
        }
        if (ownWriter) {
            holders.add(pool.submit(() -> db.write(h -> {
                h.execute("SELECT 1");
                held.countDown();
                await(release);
                return null;
            })));
        }
        while (!held.await(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            for (Future<?> f : holders) {
                if (f.isDone()) {
                    try {
                        f.get();
                        throw new AssertionError("a holder ended before the release");
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new AssertionError("a holder did not get its connection", e.getCause());
                    }
                }
            }
        }
        return holders;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void waitFor(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached in 10 s");
            Thread.sleep(5);
        }
    }

    private static Timed timed(Supplier<Api.Response> call) {
        long start = System.nanoTime();
        Api.Response r = call.get();
        return new Timed(r, (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void more_requests_than_connections_answer_503_with_retry_after_within_the_bound() throws Exception {
        Api api = server.api();
        String id = api.post("/api/v1/resources", "{\"title\":\"held\"}").json().get("id").asText();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> holders = occupyAll(server, pool, release);
        try {
            List<Future<Timed>> requests = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int k = i;
                requests.add(pool.submit(() -> timed(() -> switch (k % 3) {
                    case 0 -> api.get("/api/v1/resources/" + id);
                    case 1 -> api.get("/api/v1/resources?limit=5");
                    default -> api.post("/api/v1/resources", "{\"title\":\"during exhaustion " + k + "\"}");
                })));
            }
            for (Future<Timed> f : requests) {
                Timed t = f.get();
                assertThat(t.response().status()).as(t.response().body()).isEqualTo(503);
                assertThat(t.response().header("Retry-After")).isEqualTo("1");
                assertThat(t.response().header("Content-Type")).startsWith("application/problem+json");
                assertThat(t.millis()).as("wall time of one request, ms").isLessThan(CONNECTION_TIMEOUT_MS + SLACK_MS);
            }
            // the monitor reads no connection, so it answers while the pools are exhausted
            var monitor = api.get("/monitoring/database");
            assertThat(monitor.status()).isEqualTo(200);
            assertThat(monitor.json().get("pools").findValues("connection_timeouts").stream().mapToLong(n -> n.asLong()).sum()).isPositive();
            assertThat(monitor.json().get("pools").get(0).get("in_use").asInt()).isEqualTo(monitor.json().get("pools").get(0).get("max").asInt());
        } finally {
            release.countDown();
            for (Future<?> h : holders) h.get();
        }
        assertThat(api.get("/api/v1/resources/" + id).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/resources", "{\"title\":\"after\"}").status()).isEqualTo(201);
        pool.close();
    }
}
