package io.pharos.auth;

/**
 * Keeps references to users valid where no foreign key can: a content row naming a user (a collection's
 * owner, an annotation's or interaction's author) lives in another database than the users when the
 * deployment is split. Content features call {@link #require} before such a write; the composition root
 * passes {@link UserService#requireKnown}.
 */
@FunctionalInterface
public interface KnownUsers {
    /** Refuses (404 naming the user) a write naming a user this library does not have. */
    void require(UserId user);
}
