package io.pharos.ingest;

import io.pharos.common.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which files of a folder an import may read, and reading them safely. Links are never followed out of
 * the folder (by default not at all); only regular files are read, never devices, FIFOs, sockets or files
 * on {@code /proc}, {@code /sys} or {@code /dev}, whatever size they report; a file is read up to a bound,
 * not trusted for its size; binary content (a NUL byte, or mostly invalid UTF-8) is refused.
 */
final class DocumentFiles {
    private static final List<Path> SPECIAL_ROOTS = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));
    /** Refused as binary when more than this share of the decoded characters are malformed UTF-8. */
    private static final double MAX_INVALID_SHARE = 0.05;

    /** A file the import leaves alone, and why. */
    record Skipped(String path, String reason) {}

    /** The documents to import (sorted) and the files skipped. */
    record Listing(List<Path> documents, List<Skipped> skipped) {}

    /** Text that is not a document: the reason is counted in the import summary. */
    static final class NotTextException extends Exception {
        NotTextException(String reason) {
            super(reason);
        }
    }

    private DocumentFiles() {}

    static boolean isDocument(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".md") || n.endsWith(".markdown") || n.endsWith(".txt") || n.endsWith(".html") || n.endsWith(".htm");
    }

    /** Walks {@code dir} without following links; with {@code followInTreeLinks}, a link to a regular file inside {@code dir} counts. */
    static Listing list(Path dir, boolean followInTreeLinks) {
        if (!Files.isDirectory(dir)) throw InvalidInputException.badRequest("DIR", dir + " is not a directory");
        List<Path> documents = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        try {
            Path root = dir.toRealPath();
            if (isSpecial(root)) throw InvalidInputException.badRequest("DIR", dir + " is on a special file system (/proc, /sys, /dev)");
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String reason = reasonToSkip(root, file, attrs, followInTreeLinks);
                    if (reason == null) documents.add(file);
                    else skipped.add(new Skipped(relative(dir, file), reason));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    skipped.add(new Skipped(relative(dir, file), "unreadable"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw InvalidInputException.badRequest("DIR", "cannot read " + dir + ": " + e.getMessage());
        }
        documents.sort(Comparator.naturalOrder());
        skipped.sort(Comparator.comparing(Skipped::path));
        return new Listing(List.copyOf(documents), List.copyOf(skipped));
    }

    private static String reasonToSkip(Path root, Path file, BasicFileAttributes attrs, boolean followInTreeLinks) throws IOException {
        if (attrs.isSymbolicLink()) {
            if (!followInTreeLinks) return "symbolic link (not followed; --follow-links reads links inside the folder)";
            Path target;
            try {
                target = file.toRealPath();
            } catch (IOException e) {
                return "broken symbolic link";
            }
            if (!target.startsWith(root)) return "symbolic link out of the folder";
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) return "symbolic link to something other than a file";
        } else if (!attrs.isRegularFile()) {
            return "not a regular file";
        }
        if (!isDocument(file)) return "unsupported extension";
        return null;
    }

    private static boolean isSpecial(Path real) {
        return SPECIAL_ROOTS.stream().anyMatch(real::startsWith);
    }

    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    /**
     * The file's text, reading at most {@code maxBytes} (a larger file is refused whatever size it reports).
     * Rechecks, at read time, that the file is a regular file off the special file systems.
     */
    static String read(Path file, long maxBytes) throws IOException, NotTextException {
        Path real = file.toRealPath();
        if (isSpecial(real) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) throw new NotTextException("not a regular file");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) throw new NotTextException("larger than " + (maxBytes >> 20) + " MiB");
        for (byte b : bytes) if (b == 0) throw new NotTextException("binary (NUL bytes)");
        return decode(bytes);
    }

    /** UTF-8 with malformed sequences replaced; refused when they are more than a few percent of the text. */
    private static String decode(byte[] bytes) throws NotTextException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        long replaced = text.chars().filter(c -> c == '\uFFFD').count();
        if (replaced > MAX_INVALID_SHARE * text.length()) throw new NotTextException("binary (mostly invalid UTF-8)");
        return text;
    }
}
