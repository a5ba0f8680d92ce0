package io.pharos.common;

/** The thing named does not exist, or the caller may not know that it does. */
public final class NotFoundException extends PharosException {
    public NotFoundException(String message) {
        super(message);
    }
}
