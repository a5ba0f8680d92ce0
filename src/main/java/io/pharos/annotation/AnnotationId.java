package io.pharos.annotation;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.Ids;

import java.util.UUID;

public record AnnotationId(UUID value) {
    public static AnnotationId random() {
        return new AnnotationId(UUID.randomUUID());
    }

    public static AnnotationId param(String text, String field) {
        return new AnnotationId(Ids.param(text, field));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
