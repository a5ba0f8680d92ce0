package io.pharos.interaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.UserId;
import io.pharos.resource.ResourceId;

import java.time.Instant;
import java.util.UUID;

/** One use of a resource by a user: a view, bookmark, rating (1–5) or download. */
public record Interaction(UUID id, UserId userId, ResourceId resourceId, InteractionType interactionType, Integer rating,
                          Integer durationSeconds, JsonNode metadata, Instant createdAt) {
}
