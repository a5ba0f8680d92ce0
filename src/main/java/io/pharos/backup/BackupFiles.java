package io.pharos.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names of Pharos backups, {@code pharos-20261121T193249Z.dump} / {@code .db} (UTC), and retention:
 * only files matching exactly this pattern are ever considered for deletion.
 */
final class BackupFiles {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("pharos-(\\d{8}T\\d{6}Z)(?:-(\\d+))?\\.(dump|db)");

    private BackupFiles() {}

    /** A name for a backup taken at {@code now} not yet used in {@code dir}. */
    static Path newName(Path dir, Instant now, String extension) {
        String stamp = STAMP.format(now);
        Path p = dir.resolve("pharos-" + stamp + "." + extension);
        for (int n = 2; Files.exists(p); n++) p = dir.resolve("pharos-" + stamp + "-" + n + "." + extension);
        return p;
    }

    /** When the backup named {@code file} was taken, if the name is one of ours. */
    static Optional<Instant> takenAt(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) return Optional.empty();
        return Optional.of(STAMP.parse(m.group(1), Instant::from));
    }

    /** Deletes our backups in {@code dir} taken more than {@code keep} before {@code now}, except {@code spare}; returns them. */
    static List<Path> deleteOlderThan(Path dir, Duration keep, Instant now, Path spare) {
        Instant cutoff = now.minus(keep);
        List<Path> deleted = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                if (f.equals(spare)) continue;
                Optional<Instant> taken = takenAt(f);
                if (taken.isPresent() && taken.get().isBefore(cutoff)) {
                    Files.delete(f);
                    deleted.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply retention in " + dir + ": " + e.getMessage(), e);
        }
        return deleted;
    }
}
