package io.pharos.common;

/** The caller is known but may not do this. Used only where the target's existence is no secret. */
public final class ForbiddenException extends PharosException {
    public ForbiddenException(String message) {
        super(message);
    }
}
