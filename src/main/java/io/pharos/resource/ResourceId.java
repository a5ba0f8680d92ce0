package io.pharos.resource;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.InvalidInputException;

import java.util.UUID;

/** A resource's identity: a UUID, shown in its canonical lowercase form. */
public record ResourceId(UUID value) {

    public static ResourceId random() {
        return new ResourceId(UUID.randomUUID());
    }

    /** Parses a path or body value; a malformed one is a 400 naming {@code field}. */
    public static ResourceId parse(String text, String field) {
        if (text == null || text.length() != 36) throw InvalidInputException.badRequest(field, "must be a UUID like 3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10");
        try {
            return new ResourceId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.badRequest(field, "must be a UUID like 3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
