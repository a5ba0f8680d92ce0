package io.pharos.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.Ids;

import java.util.UUID;

public record ApiKeyId(UUID value) {
    public static ApiKeyId random() {
        return new ApiKeyId(UUID.randomUUID());
    }

    public static ApiKeyId param(String text, String field) {
        return new ApiKeyId(Ids.param(text, field));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
