package io.pharos.search;

import io.pharos.auth.Principal;

import java.util.UUID;

/**
 * Decides whether the caller may search inside a collection; throws (a 404 for another user's private
 * collection) when not. The collection feature supplies it at wiring, so search needs none of its internals.
 */
@FunctionalInterface
public interface CollectionAccess {
    void requireReadable(Principal caller, UUID collectionId);
}
