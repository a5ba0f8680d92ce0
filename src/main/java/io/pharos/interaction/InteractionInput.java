package io.pharos.interaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;

import java.util.Set;

/**
 * What a client sends to record an interaction, read from JSON with errors that name the field: a rating
 * (1 to 5) exactly for {@code rate}; {@code metadata} is a JSON object kept as its text ({@code {}} when absent).
 */
public record InteractionInput(InteractionType type, Integer rating, Integer durationSeconds, String metadata) {
    static final int METADATA_MAX_CHARS = 10_000;
    private static final Set<String> FIELDS = Set.of("interaction_type", "rating", "duration_seconds", "metadata");

    static InteractionInput read(JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        String type = in.string("interaction_type", 16);
        if (type == null) throw InvalidInputException.field("interaction_type", "is required");
        InteractionType t = InteractionType.parse(type, "interaction_type");
        Long rating = in.integer("rating", 1, 5);
        if (t == InteractionType.RATE && rating == null) throw InvalidInputException.field("rating", "is required to rate (1 to 5)");
        if (t != InteractionType.RATE && rating != null) throw InvalidInputException.field("rating", "is only for interaction_type rate");
        Long duration = in.integer("duration_seconds", 0, Integer.MAX_VALUE);
        JsonNode metadata = in.object("metadata");
        String metadataText = metadata == null ? "{}" : metadata.toString();
        if (metadataText.length() > METADATA_MAX_CHARS) throw InvalidInputException.field("metadata", "must be at most " + METADATA_MAX_CHARS + " characters of JSON");
        return new InteractionInput(t, rating == null ? null : rating.intValue(), duration == null ? null : duration.intValue(), metadataText);
    }
}
