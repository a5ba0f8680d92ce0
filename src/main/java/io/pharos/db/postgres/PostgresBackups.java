package io.pharos.db.postgres;

import io.pharos.backup.BackupFailedException;
import io.pharos.backup.Backups;
import io.pharos.config.DatabaseUrl;
import io.pharos.db.Database;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL backups through {@code pg_dump --format=custom}: one snapshot (REPEATABLE READ) for the
 * whole dump, so it is consistent while the server writes. Verified with {@code pg_restore --list};
 * restored with {@code pg_restore --single-transaction}. The client programs must not be older than
 * the server (checked first, with the package to install named).
 */
final class PostgresBackups implements Backups {
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^:/?]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?");
    private static final Map<String, String> LIBPQ_PARAMS = Map.of(
            "user", "PGUSER", "password", "PGPASSWORD", "sslmode", "PGSSLMODE", "sslrootcert", "PGSSLROOTCERT",
            "sslcert", "PGSSLCERT", "sslkey", "PGSSLKEY", "options", "PGOPTIONS");
    private static final long DUMP_TIMEOUT_SECONDS = 6 * 3600;

    private final Database database;
    private final Path toolDir;

    PostgresBackups(Database database, Path toolDir) {
        this.database = database;
        this.toolDir = toolDir;
    }

    @Override public String fileExtension() { return "dump"; }

    private int serverMajor() {
        return database.read(h -> h.createQuery("SELECT current_setting('server_version_num')::int / 10000").mapTo(Integer.class).one());
    }

    @Override
    public void backup(Path target) {
        PgTools.Tool pgDump = PgTools.locate("pg_dump", toolDir, serverMajor());
        Map<String, String> env = connectionEnvironment(database.url());
        PgTools.Run r = PgTools.run(List.of(pgDump.path().toString(), "--format=custom", "--no-password",
                "--file=" + target.toAbsolutePath(), "--dbname=" + env.get("PGDATABASE")), env, DUMP_TIMEOUT_SECONDS);
        if (r.exit() != 0) throw new BackupFailedException("pg_dump failed (exit " + r.exit() + "): " + r.output());
    }

    @Override
    public String verify(Path file) {
        if (!Files.isRegularFile(file)) throw new BackupFailedException("no backup file at " + file);
        PgTools.Tool pgRestore = PgTools.locate("pg_restore", toolDir, serverMajor());
        PgTools.Run r = PgTools.run(List.of(pgRestore.path().toString(), "--list", file.toAbsolutePath().toString()), Map.of(), 600);
        if (r.exit() != 0) throw new BackupFailedException("pg_restore --list cannot read " + file + ": " + r.output());
        long entries = r.output().lines().filter(l -> !l.isBlank() && !l.startsWith(";")).count();
        if (r.output().lines().noneMatch(l -> l.contains("TABLE DATA"))) {
            throw new BackupFailedException("backup " + file + " holds no table data");
        }
        return "pg_restore --list ok, " + entries + " entries";
    }

    @Override
    public boolean isEmpty() {
        return database.read(h -> h.createQuery("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'""")
                .mapTo(Long.class).one()) == 0;
    }

    @Override
    public void restore(Path file, boolean replace) {
        PgTools.Tool pgRestore = PgTools.locate("pg_restore", toolDir, serverMajor());
        Map<String, String> env = connectionEnvironment(database.url());
        List<String> cmd = new ArrayList<>(List.of(pgRestore.path().toString(), "--no-password", "--no-owner", "--no-privileges",
                "--exit-on-error", "--single-transaction", "--dbname=" + env.get("PGDATABASE")));
        if (replace) cmd.addAll(List.of("--clean", "--if-exists"));
        cmd.add(file.toAbsolutePath().toString());
        PgTools.Run r = PgTools.run(cmd, env, DUMP_TIMEOUT_SECONDS);
        if (r.exit() != 0) throw new BackupFailedException("pg_restore failed (exit " + r.exit() + "), nothing was restored: " + r.output());
    }

    /** libpq environment for the database of {@code url}: host, port, database, user, password, TLS options. */
    static Map<String, String> connectionEnvironment(DatabaseUrl url) {
        Matcher m = JDBC.matcher(url.jdbcUrl());
        if (!m.matches()) {
            throw new BackupFailedException("cannot derive pg_dump connection settings from " + url.masked()
                    + "; use a postgresql://user:pass@host:port/db URL");
        }
        Map<String, String> env = new HashMap<>();
        String host = m.group(1);
        env.put("PGHOST", host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        env.put("PGPORT", m.group(2) == null ? "5432" : m.group(2));
        env.put("PGDATABASE", decode(m.group(3)));
        if (m.group(4) != null) {
            for (String pair : m.group(4).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) continue;
                String var = LIBPQ_PARAMS.get(pair.substring(0, eq).toLowerCase());
                if (var != null) env.put(var, decode(pair.substring(eq + 1)));
            }
        }
        if (url.user() != null) env.put("PGUSER", url.user());
        if (url.password() != null) env.put("PGPASSWORD", url.password());
        env.put("PGAPPNAME", "pharos-backup");
        return env;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
