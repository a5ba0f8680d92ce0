package io.pharos.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of Pharos backups, {@code pharos-20261121T193249Z.dump} / {@code .db} (UTC), and retention:
 * only files this command wrote, as its manifest ({@value #MANIFEST}) records, and that match exactly
 * this pattern are ever considered for deletion.
 */
final class BackupFiles {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("pharos-(\\d{8}T\\d{6}Z)(?:-(\\d+))?(?:\\.config)?\\.(dump|db)");

    /** The file, in each backup directory, naming the backups this command wrote there (one per line). */
    static final String MANIFEST = ".pharos-backups";

    private BackupFiles() {}

    /** A name for a backup taken at {@code now} not yet used in {@code dir}. */
    static Path newName(Path dir, Instant now, String extension) {
        String stamp = STAMP.format(now);
        Path p = dir.resolve("pharos-" + stamp + "." + extension);
        for (int n = 2; Files.exists(p); n++) p = dir.resolve("pharos-" + stamp + "-" + n + "." + extension);
        return p;
    }

    /**
     * The configuration part's file of a split deployment's backup, named with its content part's
     * {@code content}: {@code pharos-<time>.dump} goes with {@code pharos-<time>.config.db}.
     */
    static Path configurationFileOf(Path content) {
        String name = content.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return content.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + ".config.db");
    }

    /** When the backup named {@code file} was taken, if the name is one of ours. */
    static Optional<Instant> takenAt(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) return Optional.empty();
        return Optional.of(STAMP.parse(m.group(1), Instant::from));
    }

    /**
     * Remembers that this command wrote {@code file}: retention only ever deletes files named in the
     * directory's manifest, never another file that happens to match the name pattern.
     */
    static void record(Path file) {
        Path manifest = file.resolveSibling(MANIFEST);
        try {
            Files.writeString(manifest, file.getFileName() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + file + " in " + manifest + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the backups this command wrote into {@code dir} (named in its manifest) taken more than
     * {@code keep} before {@code now}, except {@code spare}; returns them. The manifest then lists what is left.
     */
    static List<Path> deleteOlderThan(Path dir, Duration keep, Instant now, Path spare) {
        Instant cutoff = now.minus(keep);
        Path manifest = dir.resolve(MANIFEST);
        List<Path> deleted = new ArrayList<>();
        try {
            if (!Files.exists(manifest)) return deleted;
            List<String> left = new ArrayList<>();
            for (String name : new LinkedHashSet<>(Files.readAllLines(manifest, StandardCharsets.UTF_8))) {
                Path f = dir.resolve(name).normalize();
                // a name that is not one of ours or points elsewhere is dropped from the manifest, never followed
                if (!f.getParent().equals(dir.normalize()) || takenAt(f).isEmpty() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
                if (!f.equals(spare) && takenAt(f).get().isBefore(cutoff)) {
                    Files.delete(f);
                    deleted.add(f);
                } else {
                    left.add(name);
                }
            }
            Path next = dir.resolve(MANIFEST + ".next");
            Files.write(next, left, StandardCharsets.UTF_8);
            Files.move(next, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply retention in " + dir + ": " + e.getMessage(), e);
        }
        return deleted;
    }
}
