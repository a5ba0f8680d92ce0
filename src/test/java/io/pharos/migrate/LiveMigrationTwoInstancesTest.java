package io.pharos.migrate;

import io.pharos.Pharos;
import io.pharos.testing.Api;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static io.pharos.migrate.LiveMigrationTest.awaitServing;
import static io.pharos.migrate.LiveMigrationTest.live;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Pharos instances serve one library while {@code pharos migrate --live} moves it to PostgreSQL and
 * back, a client writing through each: both hold writes during the cut-over (503 with Retry-After), both
 * switch to the target in-process, and no write either acknowledged is lost. (Needs both databases.)
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class LiveMigrationTwoInstancesTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    @Test
    void two_servers_on_one_library_both_hold_writes_and_both_follow_it_there_and_back() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        int size = 2000;
        try (Pharos one = LiveMigrationTest.start(a, Files.createDirectories(dbs.dir().resolve("one")));
             Pharos two = LiveMigrationTest.start(a, Files.createDirectories(dbs.dir().resolve("two")))) {
            Api api1 = new Api(one.port());
            Api api2 = new Api(two.port());
            List<String> collections = new ArrayList<>();
            List<String> seeded = LiveMigrationTest.seed(one, api1, size, collections, dbs.dir());
            MigrationReport there;
            MigrationReport back;
            List<LiveWriter> writers;
            // each client writes its own resources; they meet in the collections
            try (LiveWriter w1 = new LiveWriter(api1, seeded.subList(0, 50), collections);
                 LiveWriter w2 = new LiveWriter(api2, seeded.subList(50, 100), collections)) {
                writers = List.of(w1, w2);
                Thread.sleep(500);
                there = live(a, b, false);
                awaitServing(one, b);
                awaitServing(two, b);
                Thread.sleep(1000);   // both write to PostgreSQL now
                back = live(b, a, true);
                awaitServing(one, a);
                awaitServing(two, a);
                Thread.sleep(1000);
            }
            for (LiveWriter w : writers) {
                assertThat(w.violations).as("reads that failed and writes answered 5xx other than 503 + Retry-After").isEmpty();
                assertThat(w.acknowledged.get()).isGreaterThan(20);
                assertThat(w.held.get()).as("writes this server held during the cut-overs").isPositive();
            }
            for (MigrationReport r : List.of(there, back)) {
                assertThat(r.tables()).isNotEmpty().allSatisfy(t -> assertThat(t.checksumMatch()).as(t.table() + " " + t.differences()).isTrue());
                assertThat(r.notes()).as("both instances reported their switch").anyMatch(n -> n.startsWith("write pause:") && n.contains("of 2 instance(s)"));
            }
            LiveMigrationTest.assertEveryAcknowledgedWrite(api1, writers, a, size - 100);
            LiveMigrationTest.assertEveryAcknowledgedWrite(api2, writers, a, size - 100);
            LiveMigrationTest.assertMovedAway(b);
        }
    }
}
