package io.pharos.annotation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pharos.auth.Principal;
import io.pharos.auth.UserId;
import io.pharos.resource.ResourceId;

import java.time.Instant;
import java.util.List;

/**
 * A highlight of a resource's content between two offsets (Unicode code points), with a note. {@code stale}:
 * the content changed and {@code highlightedText} no longer occurs in it; the offsets then keep the last place
 * it had, cut to the content's end (never outside the content).
 */
public record Annotation(AnnotationId id, ResourceId resourceId, UserId userId, int startOffset, int endOffset,
                         String highlightedText, String note, List<String> tags, String color,
                         @JsonProperty("is_shared") boolean shared, boolean stale, Instant createdAt, Instant updatedAt) {

    /** A non-shared annotation is seen by its author only. */
    boolean visibleTo(Principal p) {
        return shared || userId.equals(p.userId());
    }
}
