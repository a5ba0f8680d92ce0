package io.pharos.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.UserId;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's saved query: search syntax in {@code query}, {@code mode} keyword or hybrid, {@code filters} the
 * resource filters (as sent, an object of {@link io.pharos.resource.ResourceFilter#PARAMETERS}), the lowest
 * score that raises an alert (null: any match), and the webhook that is told of each alert. A paused
 * monitor matches nothing. {@code unreadAlerts} is filled in listings only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Monitor(UUID id, UserId userId, String name, String query, String mode, JsonNode filters, Double minScore,
                      String webhookUrl, boolean paused, Instant createdAt, Instant updatedAt, Long unreadAlerts) {

    Monitor withUnread(long n) {
        return new Monitor(id, userId, name, query, mode, filters, minScore, webhookUrl, paused, createdAt, updatedAt, n);
    }
}
