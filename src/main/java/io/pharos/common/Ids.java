package io.pharos.common;

import java.util.UUID;

/** Parsing of UUID identifiers from paths, parameters and bodies, with errors naming the field. */
public final class Ids {
    private static final String EXAMPLE = "must be a UUID like 3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10";

    private Ids() {}

    /** A path or query value: malformed is a 400. */
    public static UUID param(String text, String field) {
        UUID id = parseOrNull(text);
        if (id == null) throw InvalidInputException.badRequest(field, EXAMPLE);
        return id;
    }

    /** A body field: malformed is a 422. */
    public static UUID field(String text, String field) {
        UUID id = parseOrNull(text);
        if (id == null) throw InvalidInputException.field(field, EXAMPLE);
        return id;
    }

    private static UUID parseOrNull(String text) {
        if (text == null || text.length() != 36) return null;
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
