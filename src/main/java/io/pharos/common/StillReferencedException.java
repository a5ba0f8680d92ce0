package io.pharos.common;

/** The target still has dependents (children, sub-collections) that must go first; names the field that would allow it. */
public final class StillReferencedException extends PharosException {
    private final String field;

    public StillReferencedException(String field, String message) {
        super(message);
        this.field = field;
    }

    @Override public String field() { return field; }
}
