package io.pharos.citation;

import io.pharos.resource.ResourceId;

import java.time.Instant;

/** A directed link between two resources. */
public record Citation(CitationId id, ResourceId sourceResourceId, ResourceId targetResourceId, CitationType citationType,
                       String context, Double confidence, Instant createdAt) {
}
