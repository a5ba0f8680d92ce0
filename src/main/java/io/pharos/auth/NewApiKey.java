package io.pharos.auth;

/** A key just created: the only moment its plain text {@code key} exists outside the client. */
public record NewApiKey(ApiKey apiKey, String key) {
}
