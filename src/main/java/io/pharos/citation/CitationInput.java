package io.pharos.citation;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.resource.ResourceId;

import java.util.Set;
import java.util.UUID;

/** What a client sends to cite another resource, read from JSON with errors that name the field. */
public record CitationInput(ResourceId target, CitationType type, String context, Double confidence) {
    static final int CONTEXT_MAX = 10_000;
    private static final Set<String> FIELDS = Set.of("target_resource_id", "citation_type", "context", "confidence");

    /** A citation from {@code source}: the target is required and is not the source itself; the type defaults to cites. */
    static CitationInput read(ResourceId source, JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        UUID target = in.uuid("target_resource_id");
        if (target == null) throw InvalidInputException.field("target_resource_id", "is required");
        if (target.equals(source.value())) throw InvalidInputException.field("target_resource_id", "must not be the citing resource itself");
        String type = in.string("citation_type", 16);
        return new CitationInput(new ResourceId(target), type == null ? CitationType.CITES : CitationType.parse(type, "citation_type"),
                in.string("context", CONTEXT_MAX), in.number("confidence", 0.0, 1.0));
    }
}
