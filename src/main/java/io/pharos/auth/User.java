package io.pharos.auth;

import java.time.Instant;

/** A user; {@code disabledAt} is set while they are disabled (their keys then answer 401). */
public record User(UserId id, String name, String email, Role role, Instant createdAt, Instant disabledAt) {
    public boolean disabled() {
        return disabledAt != null;
    }
}
