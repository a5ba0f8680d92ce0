package io.pharos.lifecycle;

import io.javalin.Javalin;
import io.pharos.Pharos;
import io.pharos.common.Jsons;
import io.pharos.http.HttpServer;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GracefulShutdownTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void a_slow_request_in_flight_completes_then_drain_hooks_run_then_the_pool_closes() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(1);
        Javalin app = HttpServer.create(Jsons.mapper(), List.of(a -> a.get("/slow", ctx -> {
            entered.countDown();
            Thread.sleep(800);
            order.add("request finished");
            ctx.result("done");
        })), new HttpServer.Options(Duration.ofSeconds(10), null));
        app.start("127.0.0.1", 0);
        int port = app.port();

        Shutdown shutdown = new Shutdown();
        shutdown.register(Shutdown.Phase.CLOSE, "pool", () -> order.add("pool closed"));
        shutdown.onDrain("queue", () -> order.add("queue drained"));
        shutdown.register(Shutdown.Phase.STOP_ACCEPTING, "http", app::stop);

        CompletableFuture<Api.Response> slow = CompletableFuture.supplyAsync(() -> new Api(port).get("/slow"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        shutdown.close();

        Api.Response r = slow.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("done");
        assertThat(order).containsExactly("request finished", "queue drained", "pool closed");
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void a_failing_step_does_not_stop_the_ones_after_it() {
        List<String> order = new CopyOnWriteArrayList<>();
        Shutdown shutdown = new Shutdown();
        shutdown.onDrain("broken", () -> { throw new IllegalStateException("boom"); });
        shutdown.register(Shutdown.Phase.CLOSE, "pool", () -> order.add("pool closed"));
        shutdown.close();
        shutdown.close();
        assertThat(order).containsExactly("pool closed");
    }

    @Test
    void closing_pharos_stops_http_and_closes_the_pools() {
        Pharos pharos = Pharos.start(testDb.settings());
        int port = pharos.port();
        assertThat(new Api(port).get("/health").status()).isEqualTo(200);
        pharos.close();
        assertThat(pharos.library().database().readPool().isClosed()).isTrue();
        assertThat(pharos.library().database().writePool().isClosed()).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
