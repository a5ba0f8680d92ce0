package io.pharos.interaction;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.pharos.auth.UserId;
import io.pharos.resource.ResourceId;

import java.time.Instant;
import java.util.UUID;

/** One use of a resource by a user: a view, bookmark, rating (1–5) or download; {@code metadata} is a JSON object's text. */
public record Interaction(UUID id, UserId userId, ResourceId resourceId, InteractionType interactionType, Integer rating,
                          Integer durationSeconds, @JsonRawValue String metadata, Instant createdAt) {
}
