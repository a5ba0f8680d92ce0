package io.pharos.interaction;

/** Per-resource aggregates shown on the resource read. {@code averageRating} is null before any rating. */
public record InteractionStats(long views, long bookmarks, long downloads, long ratings, Double averageRating) {
}
