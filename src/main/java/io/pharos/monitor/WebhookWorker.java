package io.pharos.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.common.Jsons;
import io.pharos.common.LogSafe;
import io.pharos.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers alerts to their monitor's webhook from the outbox (the alerts whose delivery is pending): one
 * JSON POST per alert, signed {@code X-Pharos-Signature: sha256=<hex HMAC-SHA256 of the body>} with the
 * monitor's secret, {@code X-Pharos-Alert} naming the alert (receivers deduplicate by it: delivery is at
 * least once). A 2xx answer delivers it; anything else is retried after 1 s, 2 s, 4 s … (at most an hour
 * apart) until {@value #MAX_ATTEMPTS} attempts, then the delivery is failed. A claim holds for the lease; one
 * left by a process that stopped mid-delivery is taken again after it, so nothing is lost across restarts.
 * Runs on its own thread: matching never waits for a receiver.
 */
public final class WebhookWorker extends Poller {
    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
    static final int MAX_ATTEMPTS = 10;
    /** Alerts claimed per round: their requests (at most {@link #TIMEOUT} each) fit well inside the lease. */
    static final int BATCH = 4;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Database database;
    private final MonitorService service;
    private final Duration lease;
    private final WebhookTargets targets;
    private final ObjectMapper json = Jsons.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    public WebhookWorker(Database database, MonitorService service, Duration lease, WebhookTargets targets) {
        super("pharos-webhook-worker");
        this.database = database;
        this.service = service;
        this.targets = targets;
        Duration least = TIMEOUT.multipliedBy(BATCH + 1L);
        this.lease = lease.compareTo(least) < 0 ? least : lease;
    }

    @Override
    int once() {
        String token = claimToken();
        Instant now = service.now();
        List<AlertStore.Delivery> claimed = database.writeBookkeeping(h -> service.alertStore().claimDue(h, token, now, now.plus(lease), BATCH));
        Map<UUID, MonitorStore.Hook> hooks = claimed.isEmpty() ? Map.of()
                : service.hooks(claimed.stream().map(AlertStore.Delivery::monitorId).collect(java.util.stream.Collectors.toSet()));
        List<AlertStore.Delivery> due = claimed.stream().map(d -> d.with(hooks.get(d.monitorId()))).toList();
        for (int i = 0; i < due.size(); i++) {
            if (!running()) {
                release(due.subList(i, due.size()), token);
                break;
            }
            deliver(due.get(i), token);
        }
        return due.size();
    }

    /** Stopping: the claimed deliveries not started are due again at once (for the next start or another instance). */
    private void release(List<AlertStore.Delivery> rest, String token) {
        try {
            database.writeBookkeeping(h -> {
                for (AlertStore.Delivery d : rest) service.alertStore().release(h, d.alertId(), token, service.now());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("webhook worker: releasing {} claims failed ({}); they are taken again when the lease runs out", rest.size(), LogSafe.describe(e));
        }
    }

    private void deliver(AlertStore.Delivery d, String token) {
        String error;
        try {
            if (d.url() == null) {
                record(d, token, "the monitor has no webhook any more", true);
                return;
            }
            URI uri = URI.create(d.url());
            var refused = targets.refusal(uri);
            if (refused.isPresent()) {
                record(d, token, refused.get(), true);
                return;
            }
            byte[] body = json.writeValueAsBytes(payload(d));
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("User-Agent", "Pharos")
                    .header("X-Pharos-Alert", d.alertId().toString())
                    .header("X-Pharos-Signature", "sha256=" + sign(d.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                database.writeBookkeeping(h -> {
                    service.alertStore().delivered(h, d.alertId(), token, service.now());
                    return null;
                });
                return;
            }
            error = "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;   // stopping: the claim runs out and another round sends it
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        record(d, token, error, false);
    }

    private void record(AlertStore.Delivery d, String token, String error, boolean giveUp) {
        int attempts = d.attempts() + 1;
        Instant next = giveUp || attempts >= MAX_ATTEMPTS ? null : service.now().plus(backoff(attempts));
        log.info("webhook for alert {} failed (attempt {}): {}", d.alertId(), attempts, LogSafe.text(error));
        database.writeBookkeeping(h -> {
            service.alertStore().attemptFailed(h, d.alertId(), token, error.length() > 500 ? error.substring(0, 500) : error, next);
            return null;
        });
    }

    /** The wait after the {@code attempts}-th failure: 1 s doubling, at most an hour. */
    static Duration backoff(int attempts) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : d;
    }

    private static Map<String, Object> payload(AlertStore.Delivery d) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("alert_id", d.alertId().toString());
        p.put("monitor_id", d.monitorId().toString());
        p.put("monitor_name", d.monitorName());
        p.put("query", d.query());
        p.put("resource_id", d.resourceId().toString());
        p.put("resource_title", d.resourceTitle());
        p.put("score", d.score());
        p.put("snippet", d.snippet());
        p.put("created_at", d.createdAt().toString());
        return p;
    }

    /** Hex HMAC-SHA256 of {@code body} with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
