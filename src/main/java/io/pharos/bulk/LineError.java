package io.pharos.bulk;

/** A line that could not be imported: its number (1-based), the field at fault (may be null) and why. */
public record LineError(long line, String field, String detail) {
    @Override
    public String toString() {
        return "line " + line + ": " + (field == null ? "" : field + ": ") + detail;
    }
}
