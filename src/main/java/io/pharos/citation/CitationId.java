package io.pharos.citation;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.Ids;

import java.util.UUID;

public record CitationId(UUID value) {
    public static CitationId random() {
        return new CitationId(UUID.randomUUID());
    }

    public static CitationId param(String text, String field) {
        return new CitationId(Ids.param(text, field));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
