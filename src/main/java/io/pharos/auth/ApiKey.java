package io.pharos.auth;

import java.time.Instant;

/** An API key as stored: never its plain text, only the SHA-256 hash (which is not exposed either). */
public record ApiKey(ApiKeyId id, UserId userId, String userEmail, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
