package io.pharos.taxonomy;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pharos.common.Ids;

import java.util.UUID;

public record TaxonomyNodeId(UUID value) {
    public static TaxonomyNodeId random() {
        return new TaxonomyNodeId(UUID.randomUUID());
    }

    public static TaxonomyNodeId param(String text, String field) {
        return new TaxonomyNodeId(Ids.param(text, field));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
