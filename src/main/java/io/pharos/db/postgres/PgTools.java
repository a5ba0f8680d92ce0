package io.pharos.db.postgres;

import io.pharos.backup.BackupFailedException;
import io.pharos.common.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and runs PostgreSQL's client programs (pg_dump, pg_restore) with the connection passed through
 * libpq's environment variables: the password travels in {@code PGPASSWORD} of the child process, never
 * on its command line.
 */
final class PgTools {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)");

    record Tool(Path path, int major) {}

    record Run(int exit, String output) {}

    private PgTools() {}

    /**
     * The {@code program} to use against a server of major version {@code serverMajor}: from {@code dir}
     * when given, else the first on the PATH or under /usr/lib/postgresql/NN/bin whose version is not
     * older than the server's. Throws a message naming the package to install.
     */
    static Tool locate(String program, Path dir, int serverMajor) {
        List<Path> candidates = new ArrayList<>();
        if (dir != null) {
            candidates.add(dir.resolve(program));
        } else {
            String path = System.getenv("PATH");
            if (path != null) for (String d : path.split(java.io.File.pathSeparator)) if (!d.isBlank()) candidates.add(Path.of(d, program));
            candidates.addAll(debianVersions(program));
        }
        List<Tool> found = new ArrayList<>();
        for (Path p : candidates) {
            if (!Files.isExecutable(p)) continue;
            Integer major = version(p);
            if (major == null) continue;
            if (major >= serverMajor) return new Tool(p, major);
            found.add(new Tool(p, major));
        }
        String install = installHint(serverMajor);
        if (found.isEmpty()) {
            throw new BackupFailedException(program + " was not found" + (dir == null ? " on the PATH or under /usr/lib/postgresql" : " in " + dir)
                    + "; install the PostgreSQL " + serverMajor + " client tools: " + install);
        }
        Tool newest = found.stream().max(Comparator.comparingInt(Tool::major)).orElseThrow();
        throw new BackupFailedException(program + " " + newest.major() + " (" + newest.path() + ") is older than the PostgreSQL "
                + serverMajor + " server and cannot " + (program.equals("pg_dump") ? "dump" : "restore into") + " it; install " + install);
    }

    static String installHint(int serverMajor) {
        return "package postgresql-client-" + serverMajor + " (Debian/Ubuntu, from apt.postgresql.org if your release lacks it), "
                + "postgresql" + serverMajor + " (RHEL/Fedora, PGDG) or libpq with 'brew install postgresql@" + serverMajor + "' (macOS)";
    }

    private static List<Path> debianVersions(String program) {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt((Path d) -> Integer.parseInt(d.getFileName().toString())).reversed())
                    .map(d -> d.resolve("bin").resolve(program)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The major version {@code program --version} reports, or null when it does not run. */
    static Integer version(Path program) {
        try {
            Run r = run(List.of(program.toString(), "--version"), Map.of(), 30);
            Matcher m = VERSION.matcher(r.output());
            return r.exit() == 0 && m.find() ? Integer.parseInt(m.group(1)) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Runs a command with extra environment, returning its exit code and combined output (masked). */
    static Run run(List<String> command, Map<String, String> env, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));   // only the connection we pass
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BackupFailedException(command.getFirst() + " did not finish within " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Secrets.mask(new String(out, StandardCharsets.UTF_8)).strip());
        } catch (IOException e) {
            throw new BackupFailedException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupFailedException("interrupted while running " + command.getFirst(), e);
        }
    }
}
