package io.pharos.resource;

/**
 * Something another feature adds to a single resource's read ({@code GET /api/v1/resources/{id}}) under
 * its own field, e.g. interaction aggregates, without the resource feature knowing that feature.
 */
public interface ResourceDetails {
    /** The JSON field it appears under. */
    String field();

    /** The value for resource {@code id} (serialized with the API's JSON rules). */
    Object of(ResourceId id);
}
