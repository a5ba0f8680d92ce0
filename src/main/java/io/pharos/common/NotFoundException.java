package io.pharos.common;

public final class NotFoundException extends PharosException {
    public NotFoundException(String message) {
        super(message);
    }

    @Override public int status() { return 404; }
    @Override public String title() { return "Not found"; }
}
