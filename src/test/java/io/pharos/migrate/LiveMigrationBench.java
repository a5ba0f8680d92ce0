package io.pharos.migrate;

import io.pharos.Pharos;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.SettingsLoader;
import io.pharos.testing.Api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live-migration benchmark (not a test; {@code scripts/bench-migrate-live}): an SQLite library of
 * {@code --resources} resources (two chunks each, 5 collections, annotations) served by a server in this
 * JVM while a client writes and reads continuously through HTTP; {@code pharos migrate --live
 * --cutover-when-caught-up} moves it to PostgreSQL and back. Prints, per direction: time to the move, the
 * replay rate, the write hold measured by migrate, the pause until the server switched, and the longest
 * run of 503s the client saw (first held write to next acknowledged write).
 */
public final class LiveMigrationBench {
    public static void main(String[] args) throws Exception {
        int n = 20_000;
        Path dir = Path.of("target/bench-live");
        String admin = System.getenv("TEST_DATABASE_URL");
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--resources")) n = Integer.parseInt(args[i + 1]);
            if (args[i].equals("--dir")) dir = Path.of(args[i + 1]);
            if (args[i].equals("--admin-url")) admin = args[i + 1];
        }
        Files.createDirectories(dir);
        String a = "sqlite:" + dir.toAbsolutePath().resolve("live-" + System.nanoTime() + ".db");
        String db = "pharos_live_bench_" + System.nanoTime();
        DatabaseUrl au = DatabaseUrl.parse(admin);
        try (Connection c = DriverManager.getConnection(au.jdbcUrl(), au.user(), au.password()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        String b = admin.replaceFirst("/[^/?]*(\\?|$)", "/" + db + "$1");
        try (Pharos server = LiveMigrationTest.start(a, dir)) {
            Api api = new Api(server.port());
            List<String> collections = new ArrayList<>();
            long t0 = System.nanoTime();
            List<String> seeded = LiveMigrationTest.seed(server, api, n, collections, dir);
            System.out.printf("seeded %d resources in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            try (LiveWriter w = new LiveWriter(api, seeded, collections)) {
                Thread.sleep(1000);
                run("SQLite -> PostgreSQL", server, w, a, b, false);
                Thread.sleep(1000);
                run("PostgreSQL -> SQLite", server, w, b, a, true);
                Thread.sleep(1000);
                System.out.printf("client: %d writes acknowledged, %d answered 503 (retried), %d reads, violations %s%n",
                        w.acknowledged.get(), w.held.get(), w.reads.get(), w.violations.isEmpty() ? "none" : w.violations.subList(0, Math.min(3, w.violations.size())));
            }
        } finally {
            try (Connection c = DriverManager.getConnection(au.jdbcUrl(), au.user(), au.password()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static void run(String label, Pharos server, LiveWriter w, String from, String to, boolean truncate) throws Exception {
        w.longestPauseMs.set(0);
        long t0 = System.nanoTime();
        MigrationReport r = io.pharos.Library.migration(SettingsLoader.load(Map.of(), null, Map.of()).search()).runLive(
                new MigrateOptions(from, to, false, false, truncate, null, null, 5000, MigrateOptions.OnError.ABORT, null, null, 0),
                LiveOptions.run(true), Progress.silent(), line -> System.out.println("  " + line));
        LiveMigrationTest.awaitServing(server, to);
        Thread.sleep(1500);
        long rows = r.tables().stream().mapToLong(MigrationReport.TableReport::migrated).sum();
        boolean ok = r.tables().stream().allMatch(MigrationReport.TableReport::checksumMatch);
        System.out.printf("%s: %d rows, moved after %.1f s, checksums %s, client's longest write pause %d ms%n  %s%n", label, rows,
                (System.nanoTime() - t0) / 1e9, ok ? "equal" : "DIFFER", w.longestPauseMs.get(), String.join("\n  ", r.notes()));
    }
}
