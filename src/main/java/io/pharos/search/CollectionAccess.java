package io.pharos.search;

import io.pharos.auth.Principal;
import io.pharos.resource.ResourceScope;

import java.util.UUID;

/**
 * The members of a collection the caller may search inside; throws (a 404 for another user's private
 * collection) when they may not. The collection feature supplies it at wiring, and with it the membership
 * predicate, so search needs none of its internals or tables.
 */
@FunctionalInterface
public interface CollectionAccess {
    ResourceScope readableMembers(Principal caller, UUID collectionId);
}
