package io.pharos.resource;

import java.util.Map;

/**
 * Restricts a resource listing to a subset, for features that list resources their own way (a
 * collection's members, say) with the same filters, sorts and pagination. {@code predicate} is a fixed
 * SQL fragment over {@code resources} written by the feature, never user text; values go in {@code binds}.
 */
public record ResourceScope(String predicate, Map<String, Object> binds) {
    public static final ResourceScope ALL = new ResourceScope(null, Map.of());
}
