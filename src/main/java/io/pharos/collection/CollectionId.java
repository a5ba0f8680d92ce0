package io.pharos.collection;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.Ids;

import java.util.UUID;

public record CollectionId(UUID value) {
    public static CollectionId random() {
        return new CollectionId(UUID.randomUUID());
    }

    public static CollectionId param(String text, String field) {
        return new CollectionId(Ids.param(text, field));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
