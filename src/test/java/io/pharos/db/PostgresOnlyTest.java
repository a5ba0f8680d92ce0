package io.pharos.db;

import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Behaviour that only PostgreSQL has: connection settings, deadlock detection. */
@Tag("postgresql-only")
class PostgresOnlyTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void every_connection_runs_in_utc_with_the_statement_timeout_and_read_committed() {
        try (Database db = Database.open(testDb.settings(Map.of("PHAROS_DB_STATEMENT_TIMEOUT_MS", "12345")))) {
            db.read(h -> {
                assertThat(h.createQuery("SHOW statement_timeout").mapTo(String.class).one()).isEqualTo("12345ms");
                assertThat(h.createQuery("SHOW TimeZone").mapTo(String.class).one()).isEqualTo("UTC");
                return null;
            });
            db.write(h -> {
                assertThat(h.createQuery("SHOW transaction_isolation").mapTo(String.class).one()).isEqualTo("read committed");
                return null;
            });
        }
    }

    @Test
    void behind_pgbouncer_each_transaction_sets_what_it_needs_and_connections_carry_no_session_state() throws Exception {
        try (Database db = Database.open(testDb.settings(Map.of("PHAROS_DB_STATEMENT_TIMEOUT_MS", "12345", "PHAROS_DB_POOLER", "pgbouncer")))) {
            db.read(h -> {
                assertThat(h.createQuery("SHOW statement_timeout").mapTo(String.class).one()).isEqualTo("12345ms");
                assertThat(h.createQuery("SHOW TimeZone").mapTo(String.class).one()).isEqualTo("UTC");
                return null;
            });
            db.write(h -> {
                assertThat(h.createQuery("SHOW statement_timeout").mapTo(String.class).one()).isEqualTo("12345ms");
                assertThat(h.createQuery("SHOW TimeZone").mapTo(String.class).one()).isEqualTo("UTC");
                assertThat(h.createQuery("SHOW transaction_isolation").mapTo(String.class).one()).isEqualTo("read committed");
                return null;
            });
            try (java.sql.Connection c = db.readPool().getConnection(); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                rs.next();
                // outside a transaction the connection holds none of it: nothing a pooler could hand to another client
                assertThat(rs.getString(1)).isNotEqualTo("12345ms");
                assertThat(c.unwrap(org.postgresql.PGConnection.class).getPrepareThreshold()).as("no server-side prepared statements").isZero();
            }
        }
    }

    @Test
    void pgbouncer_is_refused_for_sqlite() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.pharos.config.SettingsLoader.load(Map.of(), null,
                        Map.of("DATABASE_URL", "sqlite::memory:", "PHAROS_DB_POOLER", "pgbouncer")))
                .isInstanceOf(io.pharos.common.ConfigurationException.class)
                .extracting(e -> ((io.pharos.common.ConfigurationException) e).field()).isEqualTo("PHAROS_DB_POOLER");
    }

    @Test
    void a_deadlock_is_retried_and_both_writers_succeed() throws Exception {
        try (Database db = Database.open(testDb.settings())) {
            new SchemaMigrator(db).upgrade();
            db.write(h -> h.execute("""
                    INSERT INTO resources (id, title, created_at, updated_at)
                    VALUES ('00000000-0000-0000-0000-00000000000a', 'A', now(), now()),
                           ('00000000-0000-0000-0000-00000000000b', 'B', now(), now())"""));
            CountDownLatch firstLocked = new CountDownLatch(1);
            CountDownLatch secondLocked = new CountDownLatch(1);
            AtomicInteger attempts = new AtomicInteger();
            var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            CompletableFuture<Void> one = CompletableFuture.runAsync(() -> db.write(h -> {
                attempts.incrementAndGet();
                h.execute("UPDATE resources SET title = title || '1' WHERE id = '00000000-0000-0000-0000-00000000000a'");
                firstLocked.countDown();
                await(secondLocked);
                return h.execute("UPDATE resources SET title = title || '1' WHERE id = '00000000-0000-0000-0000-00000000000b'");
            }), threads);
            CompletableFuture<Void> two = CompletableFuture.runAsync(() -> db.write(h -> {
                attempts.incrementAndGet();
                h.execute("UPDATE resources SET title = title || '2' WHERE id = '00000000-0000-0000-0000-00000000000b'");
                secondLocked.countDown();
                await(firstLocked);
                return h.execute("UPDATE resources SET title = title || '2' WHERE id = '00000000-0000-0000-0000-00000000000a'");
            }), threads);
            CompletableFuture.allOf(one, two).get(30, TimeUnit.SECONDS);
            threads.shutdown();

            assertThat(attempts.get()).as("one transaction was chosen as deadlock victim and re-run").isEqualTo(3);
            String a = db.read(h -> h.createQuery("SELECT title FROM resources WHERE id = '00000000-0000-0000-0000-00000000000a'").mapTo(String.class).one());
            String b = db.read(h -> h.createQuery("SELECT title FROM resources WHERE id = '00000000-0000-0000-0000-00000000000b'").mapTo(String.class).one());
            // each writer's two updates landed exactly once
            assertThat(a).hasSize(3).contains("1", "2");
            assertThat(b).hasSize(3).contains("1", "2");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
