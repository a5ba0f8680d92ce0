package io.pharos.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.InvalidInputException;

import java.util.Locale;

/** What a user may do: admins also manage users and everyone's keys. */
public enum Role {
    ADMIN, USER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text, String field) {
        for (Role r : values()) if (r.wire().equals(text)) return r;
        throw InvalidInputException.field(field, "must be admin or user");
    }
}
