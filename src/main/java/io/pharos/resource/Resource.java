package io.pharos.resource;

import java.time.Instant;
import java.util.List;

/** A document, paper or article in the library, as stored. {@code version} grows by one on every update. */
public record Resource(
        ResourceId id,
        String title,
        String description,
        String content,
        String creator,
        String publisher,
        String source,
        String language,
        String type,
        List<String> subject,
        String identifier,
        String doi,
        String classificationCode,
        Double qualityScore,
        ReadStatus readStatus,
        Instant createdAt,
        Instant updatedAt,
        long version) {
}
