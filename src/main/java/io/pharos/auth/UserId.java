package io.pharos.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.Ids;

import java.util.UUID;

public record UserId(UUID value) {
    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    public static UserId param(String text, String field) {
        return new UserId(Ids.param(text, field));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
