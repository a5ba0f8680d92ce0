package io.pharos.resource;

/**
 * Restricts resources to a subset owned by another feature (a collection's members, the resources filed
 * under a taxonomy node). The feature owning the membership table writes the predicate; resource listing
 * and search apply it next to the {@link ResourceFilter}.
 */
@FunctionalInterface
public interface ResourceScope {
    ResourceScope ALL = alias -> SqlPredicate.TRUE;

    /** The predicate over the {@code resources} table aliased {@code alias} (a fixed name from code). */
    SqlPredicate on(String alias);
}
