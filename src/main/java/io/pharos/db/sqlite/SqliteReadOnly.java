package io.pharos.db.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to open an SQLite file so that reading it changes nothing: not the file (no {@code journal_mode}
 * switch, no PRAGMA writes, so its header stays as it is), and not its directory (no {@code -wal} or
 * {@code -shm} file left behind), and so that a file on read-only media opens at all.
 *
 * <p>Always {@code mode=ro} (and the read-only open flag). A file in WAL mode without a {@code -wal} file
 * next to it holds all its content itself and no connection has it open (every WAL connection keeps that
 * file); SQLite would still create {@code -wal} and {@code -shm} to read it, or fail where it cannot, so
 * it is opened {@code immutable=1} (no locks, no side files). With a {@code -wal} file present, part of
 * the content may be in it: immutable would not see that, so it is read through the existing files.
 */
final class SqliteReadOnly {
    /** SQLITE_OPEN_READONLY | SQLITE_OPEN_URI. */
    static final int OPEN_FLAGS = 0x01 | 0x40;

    private SqliteReadOnly() {}

    /** The JDBC URL reading {@code file} as described above. */
    static String jdbcUrl(Path file) {
        Path absolute = file.toAbsolutePath();
        boolean immutable = walMode(absolute) && !Files.exists(absolute.resolveSibling(absolute.getFileName() + "-wal"));
        return "jdbc:sqlite:file:" + uriPath(absolute.toString()) + "?mode=ro" + (immutable ? "&immutable=1" : "");
    }

    /** True when the header says WAL (file format read and write versions 2, bytes 18 and 19). */
    static boolean walMode(Path file) {
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(header, 0, header.length) < header.length) return false;
        } catch (IOException e) {
            return false;   // opening it will say what is wrong
        }
        return new String(header, 0, 16, java.nio.charset.StandardCharsets.ISO_8859_1).equals("SQLite format 3\0")
                && header[18] == 2 && header[19] == 2;
    }

    /** A path as the path of an SQLite URI filename: {@code %}, {@code ?} and {@code #} escaped. */
    static String uriPath(String path) {
        StringBuilder s = new StringBuilder(path.length());
        for (char ch : path.toCharArray()) {
            switch (ch) {
                case '%' -> s.append("%25");
                case '?' -> s.append("%3f");
                case '#' -> s.append("%23");
                default -> s.append(ch);
            }
        }
        return s.toString();
    }
}
