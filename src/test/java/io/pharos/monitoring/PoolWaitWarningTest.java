package io.pharos.monitoring;

import com.zaxxer.hikari.HikariDataSource;
import io.pharos.db.Database;
import io.pharos.testing.LogCapture;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.pharos.monitoring.PoolExhaustionTest.occupyAll;
import static io.pharos.monitoring.PoolExhaustionTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

class PoolWaitWarningTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of(
            "PHAROS_DB_POOL_SIZE", "2",
            "PHAROS_DB_CONNECTION_TIMEOUT_MS", "5000",
            "PHAROS_DB_WAIT_WARN_MS", "100"));

    @Test
    void a_long_wait_for_a_connection_is_logged_with_the_numbers() throws Exception {
        Database db = server.pharos().library().database();
        HikariDataSource readPool = db.readPool();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch release = new CountDownLatch(1);
        String log;
        try (LogCapture capture = new LogCapture()) {
            List<Future<?>> holders = occupyAll(server, pool, release);
            Future<Long> waiter = pool.submit(() -> db.read(h -> h.createQuery("SELECT 1").mapTo(Long.class).one()));
            waitFor(() -> readPool.getHikariPoolMXBean().getThreadsAwaitingConnection() >= 1);
            Thread.sleep(250);
            release.countDown();
            assertThat(waiter.get()).isEqualTo(1L);
            for (Future<?> h : holders) h.get();
            log = capture.text();
        } finally {
            release.countDown();
        }
        assertThat(log).contains("waited", "for a database connection from pool " + readPool.getPoolName(), "in use");
        pool.close();
    }

    @Test
    @Tag("sqlite-only")
    void a_long_wait_for_the_sqlite_write_lock_is_logged() throws Exception {
        Database db = server.pharos().library().database();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        String log;
        try (LogCapture capture = new LogCapture()) {
            Future<?> holder = pool.submit(() -> db.write(h -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            waitFor(() -> db.writePool().getHikariPoolMXBean().getActiveConnections() == 1);
            Future<?> waiter = pool.submit(() -> db.write(h -> h.execute("SELECT 1")));
            waitFor(() -> db.writersWaiting() >= 1);
            assertThat(server.api().get("/monitoring/database").json().at("/pools/0/threads_waiting").asInt())
                    .as("this waiter, and any background worker waiting with it").isPositive();
            Thread.sleep(250);
            release.countDown();
            waiter.get();
            holder.get();
            log = capture.text();
        } finally {
            release.countDown();
        }
        assertThat(log).contains("waited", "for the database write lock");
        assertThat(server.api().get("/monitoring/database").json().at("/pools/0/long_waits").asLong()).isPositive();
        pool.close();
    }
}
