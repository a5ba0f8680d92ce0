package io.pharos.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * A resource that matched a monitor: its score and highlighted snippet ({@code <mark>}) when it matched,
 * whether its owner read it, and its webhook delivery: {@code pending}, {@code delivered} or {@code failed}
 * with the attempts made and the last error (all null when the monitor has no webhook).
 */
public record Alert(UUID id, UUID monitorId, UUID resourceId, double score, String snippet, Instant createdAt,
                    @JsonProperty("is_read") boolean read, String delivery, int attempts, String lastError, Instant deliveredAt) {
}
