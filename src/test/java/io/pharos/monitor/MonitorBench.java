package io.pharos.monitor;

import io.pharos.Library;
import io.pharos.auth.Principal;
import io.pharos.auth.Role;
import io.pharos.auth.User;
import io.pharos.common.Jsons;
import io.pharos.config.SettingsLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The monitors benchmark (a main, not a test): imports {@code resources} generated resources from a JSON
 * Lines file into a fresh SQLite library with no monitors, then into another with {@code monitors} active
 * keyword monitors and the match worker running, and prints both import times and how long matching took
 * to catch up (after an unmeasured warm-up run). A tenth of the resources hold one monitor's word. Arguments: {@code [resources [monitors [postgresql-server-url]]]}; defaults 10000, 1000 and SQLite files. With a
 * server URL ({@code postgresql://user@host:port}, no database) each run gets a fresh database on it
 * ({@code pharos_bench_monitors_<run>}, dropped and created again).
 */
public final class MonitorBench {
    static final String[] WORDS = ("lighthouse harbour keeper storm tide quay gull lantern ship sail rope anchor reef coast "
            + "beacon signal fog horn cliff wave current chart compass bay island pier dock wreck rescue weather").split(" ");

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int monitors = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        server = args.length > 2 ? args[2].replaceAll("/+$", "") : null;
        Path dir = Files.createDirectories(Path.of("target/bench-monitors"));
        Path file = dir.resolve("resources.jsonl");
        Random random = new Random(7);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < Math.max(1, monitors); i++) pool.add(word(random));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            StringBuilder text = new StringBuilder();
            if (random.nextInt(10) == 0) text.append(pool.get(random.nextInt(pool.size()))).append(' ');   // a tenth match one monitor
            for (int w = 0; w < 120; w++) text.append(WORDS[random.nextInt(WORDS.length)]).append(w % 12 == 11 ? ". " : " ");
            lines.add(Jsons.mapper().writeValueAsString(Map.of("title", "Log " + i + " " + WORDS[random.nextInt(WORDS.length)],
                    "content", text.toString())));
        }
        Files.write(file, lines);
        run(dir.resolve("warm-up"), file, pool.subList(0, Math.min(10, monitors)));   // JIT and caches, not measured
        double none = run(dir.resolve("none"), file, List.of())[0];
        double[] with = run(dir.resolve("with"), file, pool.subList(0, monitors));
        System.out.printf("| resources | monitors | import s | matching caught up s | ratio |%n|---|---|---|---|---|%n");
        System.out.printf("| %d | 0 | %.1f | | 1.00 |%n", resources, none);
        System.out.printf("| %d | %d | %.1f | %.1f | %.2f |%n", resources, monitors, with[0], with[1], with[0] / none);
    }

    /** Import seconds, and seconds until the match queue was empty (from the import's start). */
    /** A made-up seven-letter word: a monitor's specific term. */
    static String word(Random random) {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < 7; i++) w.append((char) ('a' + random.nextInt(26)));
        return w.toString();
    }

    /** A PostgreSQL server to run on (null: SQLite files). */
    private static String server;

    /** The database URL of one run: a fresh SQLite file, or a fresh database on {@link #server}. */
    private static String database(Path dir) throws Exception {
        if (server == null) return "sqlite:" + dir.resolve("library.db");
        String name = "pharos_bench_monitors_" + dir.getFileName().toString().replace('-', '_');
        var admin = io.pharos.config.DatabaseUrl.parse(server + "/postgres");
        try (var c = java.sql.DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password()); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        return server + "/" + name;
    }

    private static double[] run(Path dir, Path file, List<String> queries) throws Exception {
        if (Files.exists(dir)) try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.createDirectories(dir);
        var settings = SettingsLoader.load(Map.of(), null, Map.of("DATABASE_URL", database(dir),
                "PHAROS_DATA_DIR", dir.toString(), "PHAROS_EMBEDDINGS", "none"));
        try (Library library = Library.open(settings)) {
            User u = library.users().createUser("Bench", "bench@example.org", Role.USER);
            Principal p = new Principal(u.id(), Role.USER);
            for (int i = 0; i < queries.size(); i++) {
                library.monitors().service().create(p, new MonitorInput.Create("m" + i, queries.get(i) + " OR \"storm " + queries.get(i) + "\"", "keyword",
                        Jsons.mapper().createObjectNode(), null, null));
            }
            library.monitors().startWorkers();
            long start = System.nanoTime();
            library.jsonLinesImport().importFile(file, false, new io.pharos.bulk.ImportService.Listener() {
                @Override public void progress(io.pharos.bulk.ImportSummary soFar) {}
                @Override public void failed(io.pharos.bulk.LineError error) {}
            });
            double imported = (System.nanoTime() - start) / 1e9;
            while (library.monitors().service().queueDepth() > 0) Thread.sleep(100);
            double caughtUp = (System.nanoTime() - start) / 1e9;
            long alerts = library.database().read(h -> h.createQuery("SELECT count(*) FROM alerts").mapTo(Long.class).one());
            System.out.printf("%d monitors: import %.1f s, matched %.1f s, %d alerts%n", queries.size(), imported, caughtUp, alerts);
            return new double[] {imported, caughtUp};
        }
    }
}
