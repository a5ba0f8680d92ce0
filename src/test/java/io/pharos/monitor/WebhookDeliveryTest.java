package io.pharos.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.pharos.Pharos;
import io.pharos.auth.Role;
import io.pharos.auth.User;
import io.pharos.common.Jsons;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook receiver is a local fake (com.sun.net.httpserver): the one part of this feature we do not own.
 * It listens on loopback, which webhooks may reach only with {@code PHAROS_WEBHOOK_ALLOW_PRIVATE=true}.
 */
class WebhookDeliveryTest {
    @RegisterExtension
    static final TestDatabase database = new TestDatabase();
    private static final Map<String, String> LOOPBACK_ALLOWED = Map.of(WebhookTargets.SETTING, "true");

    /** What the receiver got: the body, its signature header and the alert header. */
    record Received(String body, String signature, String alertId) {}

    private HttpServer receiver;
    private final AtomicBoolean accepting = new AtomicBoolean(false);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stopReceiver() {
        if (receiver != null) receiver.stop(0);
    }

    private String startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String alert = exchange.getRequestHeaders().getFirst("X-Pharos-Alert");
            if (accepting.get()) {
                received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Pharos-Signature"), alert));
                exchange.sendResponseHeaders(204, -1);
            } else {
                refused.add(alert);
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void every_alert_reaches_the_receiver_signed_across_a_restart() throws Exception {
        String url = startReceiver();
        String key;
        String secret;
        String monitor;
        List<String> alertIds = new ArrayList<>();
        try (Pharos pharos = Pharos.start(database.settings(LOOPBACK_ALLOWED))) {
            User u = pharos.library().users().createUser("Hook Owner", "hook@example.org", Role.USER);
            key = pharos.library().users().createKey(u.id(), "test").key();
            Api api = new Api(pharos.port(), key);
            JsonNode created = api.post("/api/v1/monitors", Api.json(Map.of("name", "storms", "query", "storm", "webhook_url", url))).json();
            secret = created.get("webhook_secret").asText();
            monitor = created.get("id").asText();
            for (String title : List.of("Storm over the bay", "The great storm of 1987")) {
                assertThat(api.post("/api/v1/resources", Api.json(Map.of("title", title))).status()).isEqualTo(201);
            }
            api.post("/api/v1/resources", Api.json(Map.of("title", "Sunny afternoon")));
            // both alerts raised, each refused at least once by the receiver: still pending
            await(() -> refused.size() == 2, "both alerts tried while the receiver refuses");
            JsonNode alerts = api.get("/api/v1/alerts?monitor_id=" + monitor).json().get("items");
            assertThat(alerts).hasSize(2).allSatisfy(a -> {
                assertThat(a.get("delivery").asText()).isEqualTo("pending");
                assertThat(a.get("attempts").asInt()).isPositive();
                assertThat(a.get("last_error").asText()).contains("503");
            });
            alerts.forEach(a -> alertIds.add(a.get("id").asText()));
        }
        accepting.set(true);
        try (Pharos pharos = Pharos.start(database.settings(LOOPBACK_ALLOWED))) {
            Api api = new Api(pharos.port(), key);
            await(() -> {
                JsonNode items = api.get("/api/v1/alerts?monitor_id=" + monitor).json().get("items");
                for (JsonNode a : items) if (!a.get("delivery").asText().equals("delivered")) return false;
                return items.size() == 2;
            }, "both alerts delivered after the restart");
        }
        assertThat(received).extracting(Received::alertId).containsAll(alertIds);
        for (Received r : received) {
            assertThat(r.signature()).isEqualTo("sha256=" + WebhookWorker.sign(secret, r.body().getBytes(StandardCharsets.UTF_8)));
            JsonNode body = Jsons.mapper().readTree(r.body());
            assertThat(body.get("alert_id").asText()).isEqualTo(r.alertId());
            assertThat(body.get("monitor_id").asText()).isEqualTo(monitor);
            assertThat(body.get("snippet").asText()).contains("<mark>");
        }
    }

    @Test
    void a_webhook_into_the_servers_own_network_is_refused_when_saved_and_when_delivered() throws Exception {
        String url = startReceiver();
        accepting.set(true);
        String key;
        String monitor;
        try (Pharos pharos = Pharos.start(database.settings(LOOPBACK_ALLOWED))) {
            User u = pharos.library().users().createUser("Local Hook Owner", "local-hook@example.org", Role.USER);
            key = pharos.library().users().createKey(u.id(), "test").key();
            monitor = new Api(pharos.port(), key).post("/api/v1/monitors", Api.json(Map.of("name", "storms", "query", "storm",
                    "webhook_url", url.replace("127.0.0.1", "localhost")))).json().get("id").asText();
        }
        try (Pharos pharos = Pharos.start(database.settings())) {   // the operator closes the local networks
            Api api = new Api(pharos.port(), key);
            for (String local : List.of("http://127.0.0.1:9/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x",
                    "http://localhost:8080/x", "http://10.1.2.3/x", "http://[::ffff:192.168.0.1]/x", "http://100.64.0.1/x")) {
                Api.Response r = api.post("/api/v1/monitors", Api.json(Map.of("name", "n", "query", "q", "webhook_url", local)));
                assertThat(r.status()).as(local).isEqualTo(422);
                assertThat(r.body()).as(local).contains("webhook_url").contains(WebhookTargets.SETTING);
                assertThat(api.patch("/api/v1/monitors/" + monitor, Api.json(Map.of("webhook_url", local)), null).status()).as(local).isEqualTo(422);
            }
            assertThat(api.post("/api/v1/monitors", Api.json(Map.of("name", "n", "query", "q", "webhook_url", "https://hooks.example.org/x")))
                    .status()).isEqualTo(201);
            assertThat(api.post("/api/v1/resources", Api.json(Map.of("title", "Storm over the bay"))).status()).isEqualTo(201);
            await(() -> {
                JsonNode items = api.get("/api/v1/alerts?monitor_id=" + monitor).json().get("items");
                return items.size() == 1 && items.get(0).get("delivery").asText().equals("failed");
            }, "the delivery to a name that resolves to loopback failed");
            JsonNode alert = api.get("/api/v1/alerts?monitor_id=" + monitor).json().get("items").get(0);
            assertThat(alert.get("attempts").asInt()).isEqualTo(1);
            assertThat(alert.get("last_error").asText()).contains("refused").contains("localhost").contains(WebhookTargets.SETTING);
        }
        assertThat(received).isEmpty();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within 30 s");
            Thread.sleep(50);
        }
    }
}
