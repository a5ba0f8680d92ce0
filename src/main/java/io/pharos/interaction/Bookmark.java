package io.pharos.interaction;

import io.pharos.resource.ResourceId;

import java.time.Instant;
import java.util.UUID;

/** One of the caller's bookmarks: the bookmark interaction's id, the resource and its title, when it was made. */
public record Bookmark(UUID id, ResourceId resourceId, String title, Instant createdAt) {
}
