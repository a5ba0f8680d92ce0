package io.pharos.db;

import java.util.Locale;

/**
 * A position in the primary's commit history, as PostgreSQL writes a WAL location ({@code pg_lsn}): two
 * hexadecimal halves, {@code 0/3000148}. Positions grow with every commit; a replica that has replayed up to a
 * position shows every transaction committed before it. {@link #NONE} (0/0) asks for nothing.
 */
public record CommitPosition(long value) implements Comparable<CommitPosition> {
    public static final CommitPosition NONE = new CommitPosition(0);
    private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    /** Parses {@code X/Y} (hexadecimal, as PostgreSQL prints it); throws IllegalArgumentException otherwise. */
    public static CommitPosition parse(String text) {
        if (text == null) throw new IllegalArgumentException("no position");
        String s = text.strip();
        if (!FORM.matcher(s).matches()) throw new IllegalArgumentException("expected a WAL position like 0/3000148, got '" + s + "'");
        int slash = s.indexOf('/');
        long hi = Long.parseLong(s.substring(0, slash), 16);
        long lo = Long.parseLong(s.substring(slash + 1), 16);
        return new CommitPosition(hi << 32 | lo);
    }

    public boolean isNone() {
        return value == 0;
    }

    /** True when this position is at or past {@code other}. */
    public boolean reached(CommitPosition other) {
        return Long.compareUnsigned(value, other.value) >= 0;
    }

    public CommitPosition max(CommitPosition other) {
        return reached(other) ? this : other;
    }

    @Override
    public int compareTo(CommitPosition o) {
        return Long.compareUnsigned(value, o.value);
    }

    /** {@code X/Y} in upper-case hexadecimal, the form PostgreSQL prints and {@link #parse} reads. */
    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase(Locale.ROOT) + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }
}
