package io.pharos.annotation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pharos.auth.Principal;
import io.pharos.auth.UserId;
import io.pharos.resource.ResourceId;

import java.time.Instant;
import java.util.List;

/** A highlight of a resource's content between two offsets (Unicode code points), with a note. */
public record Annotation(AnnotationId id, ResourceId resourceId, UserId userId, int startOffset, int endOffset,
                         String highlightedText, String note, List<String> tags, String color,
                         @JsonProperty("is_shared") boolean shared, Instant createdAt, Instant updatedAt) {

    /** A non-shared annotation is seen by its author only. */
    boolean visibleTo(Principal p) {
        return shared || userId.equals(p.userId());
    }
}
