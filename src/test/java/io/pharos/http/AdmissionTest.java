package io.pharos.http;

import io.javalin.Javalin;
import io.pharos.common.Jsons;
import io.pharos.testing.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A bounded number of requests is worked on at once; the probes skip the line; a request that waits too long is 503. */
class AdmissionTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger working = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private Javalin app;

    private Api start(int maxActive, Duration turnWait) {
        app = HttpServer.create(Jsons.mapper(), List.of(a -> {
            a.get("/health", ctx -> ctx.result("up"));
            a.get("/work", ctx -> {
                mostAtOnce.accumulateAndGet(working.incrementAndGet(), Math::max);
                try {
                    release.await(20, TimeUnit.SECONDS);
                } finally {
                    working.decrementAndGet();
                }
                ctx.result("done");
            });
        }), new HttpServer.Options(Duration.ofSeconds(5), null, maxActive, turnWait));
        app.start("127.0.0.1", 0);
        return new Api(app.port());
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (app != null) app.stop();
    }

    @Test
    void health_answers_while_every_turn_is_taken_and_the_rest_wait_their_turn() throws Exception {
        Api api = start(2, Duration.ofSeconds(20));
        List<CompletableFuture<Api.Response>> requests = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> api.get("/work"))).toList();
        awaitCondition(() -> working.get() == 2);

        Api.Response health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(requests).noneMatch(CompletableFuture::isDone);

        release.countDown();
        for (var r : requests) assertThat(r.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(mostAtOnce.get()).as("requests worked on at once").isEqualTo(2);
    }

    @Test
    void a_request_that_waits_longer_than_the_bound_is_refused_with_retry_after() throws Exception {
        Api api = start(1, Duration.ofMillis(300));
        CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(() -> api.get("/work"));
        awaitCondition(() -> working.get() == 1);

        Api.Response refused = api.get("/work");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("waiting for their turn");

        release.countDown();
        assertThat(first.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(api.get("/work").status()).as("a turn is free again").isEqualTo(200);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached in 10 s");
            Thread.sleep(5);
        }
    }
}
