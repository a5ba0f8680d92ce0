package io.pharos.taxonomy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pharos.resource.ResourceId;

import java.time.Instant;

/** A resource filed under a taxonomy node, by hand or predicted with a confidence. */
public record ResourceLink(ResourceId resourceId, TaxonomyNodeId taxonomyId, Double confidence,
                           @JsonProperty("is_predicted") boolean predicted, Instant createdAt) {
}
