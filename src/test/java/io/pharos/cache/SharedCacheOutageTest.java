package io.pharos.cache;

import io.pharos.Pharos;
import io.pharos.auth.Role;
import io.pharos.auth.User;
import io.pharos.testing.Api;
import io.pharos.testing.LogCapture;
import io.pharos.testing.RedisProcess;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis failing under two instances (a redis-server of this test's own, paused, killed and restarted):
 * requests go on without the cache, one warning is logged, the error counter moves, a write made while
 * Redis hung is never answered with an older kept answer afterwards, and the cache is used again once
 * Redis is back.
 */
class SharedCacheOutageTest {
    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    static RedisProcess redis;
    static Pharos a;
    static Pharos b;
    static Api onA;
    static Api onB;

    @BeforeAll
    static void twoInstances() {
        redis = RedisProcess.start(database.dir().resolve("redis"));
        Map<String, String> cached = Map.of("PHAROS_REDIS_URL", redis.url(), "PHAROS_EMBEDDINGS", "none", "PHAROS_REDIS_TIMEOUT_MS", "100");
        a = Pharos.start(database.settings(cached));
        b = Pharos.start(database.settings(cached));
        var users = a.library().users();
        User u = users.createUser("Admin", "admin@example.org", Role.ADMIN);
        String key = users.createKey(u.id(), "test").key();
        onA = new Api(a.port(), key);
        onB = new Api(b.port(), key);
    }

    @AfterAll
    static void stop() {
        if (b != null) b.close();
        if (a != null) a.close();
        if (redis != null) redis.close();
    }

    private static double metric(Api api, String name) {
        return api.get("/metrics").body().lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).strip())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in /metrics"));
    }

    private static String title(Api api, String id) {
        var r = api.get("/api/v1/resources/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("title").asText();
    }

    @Test
    void a_hung_redis_is_bypassed_and_a_write_made_meanwhile_is_never_answered_with_an_older_copy() throws Exception {
        var created = onA.post("/api/v1/resources", Api.json(Map.of("title", "Old title", "content", "The lamp turns.")));
        String id = created.json().get("id").asText();
        assertThat(title(onB, id)).isEqualTo("Old title");
        assertThat(title(onB, id)).isEqualTo("Old title");   // kept, under the current generation

        double errors = metric(onA, "pharos_cache_errors_total");
        String warning = "shared cache " + redis.url() + " unavailable";
        try (LogCapture log = new LogCapture()) {
            redis.pause();   // keeps the old answer, answers nothing
            try {
                var patched = onA.patch("/api/v1/resources/" + id, Api.json(Map.of("title", "New title")), "\"1\"");
                assertThat(patched.status()).as(patched.body()).isEqualTo(200);
                for (int i = 0; i < 20; i++) {
                    assertThat(title(onA, id)).isEqualTo("New title");
                    assertThat(onA.get("/api/v1/search?mode=keyword&q=lamp").status()).isEqualTo(200);
                    assertThat(onA.get("/api/v1/resources").status()).isEqualTo(200);
                }
                assertThat(onA.get("/health/ready").json().at("/cache/status").asText()).isEqualTo("unavailable");
                assertThat(onA.get("/health/ready").status()).as("the cache does not fail readiness").isEqualTo(200);
            } finally {
                redis.resume();   // the answer kept before the write is still there
            }
            // instance A owes the bump its write could not make: it makes it before using the cache again
            assertThat(title(onA, id)).isEqualTo("New title");
            assertThat(title(onB, id)).isEqualTo("New title");
            assertThat(Pattern.compile(Pattern.quote(warning)).matcher(log.text()).results().count()).as("one warning").isEqualTo(1);
        }
        assertThat(metric(onA, "pharos_cache_errors_total")).isGreaterThan(errors);
        assertThat(metric(onA, "pharos_cache_bypasses_total")).isGreaterThan(0);
    }

    @Test
    void a_stopped_redis_is_bypassed_and_the_cache_is_used_again_once_it_is_back() throws Exception {
        String id = onA.post("/api/v1/resources", Api.json(Map.of("title", "Keeper's log", "content", "Weather, ships, lamp hours."))).json().get("id").asText();
        redis.stop();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(title(onB, id)).isEqualTo("Keeper's log");
                assertThat(onB.get("/api/v1/search?mode=keyword&q=ships").status()).isEqualTo(200);
            }
            var patched = onB.patch("/api/v1/resources/" + id, Api.json(Map.of("title", "Keeper's log, 1890")), "\"1\"");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        } finally {
            redis.restart();   // empty
        }
        double hits = metric(onB, "pharos_cache_hits_total");
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (metric(onB, "pharos_cache_hits_total") == hits) {
            assertThat(System.nanoTime()).as("the cache is used again within 15 s of Redis coming back").isLessThan(deadline);
            assertThat(title(onB, id)).isEqualTo("Keeper's log, 1890");
            Thread.sleep(100);
        }
        assertThat(title(onA, id)).isEqualTo("Keeper's log, 1890");
        assertThat(onB.get("/health/ready").json().at("/cache/status").asText()).isEqualTo("ok");
    }

    @Test
    void an_instance_whose_redis_never_answers_serves_without_it() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Pharos c = Pharos.start(database.settings(Map.of("PHAROS_REDIS_URL", "redis://:secret@127.0.0.1:" + closed + "/0", "PHAROS_EMBEDDINGS", "none")))) {
            Api onC = onA.withPort(c.port());
            assertThat(onC.get("/api/v1/resources").status()).isEqualTo(200);
            assertThat(onC.get("/api/v1/search?mode=keyword&q=lamp").status()).isEqualTo(200);
            var ready = onC.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().at("/cache/status").asText()).isEqualTo("unavailable");
            assertThat(ready.json().at("/cache/url").asText()).isEqualTo("redis://:***@127.0.0.1:" + closed + "/0");
            assertThat(ready.body()).doesNotContain("secret");
            assertThat(metric(onC, "pharos_cache_errors_total")).isGreaterThan(0);
        }
    }
}
