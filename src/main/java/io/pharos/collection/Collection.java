package io.pharos.collection;

import io.pharos.auth.Principal;
import io.pharos.auth.UserId;

import java.time.Instant;

/** A named, possibly nested set of resources owned by one user. */
public record Collection(CollectionId id, String name, String description, UserId ownerId, Visibility visibility,
                         CollectionId parentId, Instant createdAt, Instant updatedAt) {

    /** Private collections are seen by their owner only; shared and public ones by every caller let in. */
    boolean readableBy(Principal p) {
        return visibility != Visibility.PRIVATE || ownerId.equals(p.userId());
    }

    boolean ownedBy(Principal p) {
        return ownerId.equals(p.userId());
    }
}
