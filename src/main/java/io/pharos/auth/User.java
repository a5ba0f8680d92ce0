package io.pharos.auth;

import java.time.Instant;

public record User(UserId id, String name, String email, Role role, Instant createdAt) {
}
