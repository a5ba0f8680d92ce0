package io.pharos.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * What happened to each item of a batch create, in input order: created; updated (an item without an
 * id whose DOI, identifier or source a resource already has); skipped (an item carrying the {@code id} of
 * a resource that already exists, or naming one by its key with nothing changed); or failed (with the
 * field at fault and why).
 */
public record BatchOutcome(List<Item> items, boolean stopped) {

    public enum Status {
        CREATED, UPDATED, SKIPPED, FAILED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, Status status, ResourceId id, String field, String detail) {}

    public long count(Status status) {
        return items.stream().filter(i -> i.status() == status).count();
    }
}
