/**
 * Interactions with resources (views, bookmarks, ratings) and their per-resource aggregates. Depends on
 * {@code resource}, {@code auth}, {@code db} and {@code common}.
 */
package io.pharos.interaction;
