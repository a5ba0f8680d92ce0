package io.pharos.monitoring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Saturates a running server over loopback and times {@code /health} meanwhile: {@code clients} virtual
 * threads loop over a mix of writes (a resource with a few KB of text: chunked and indexed under the write
 * lock on SQLite), keyword searches and listings, while two probers ask for {@code /health} and
 * {@code /health/ready} every 50 ms each.
 * Bounded by {@code duration}. Reports the probe's latency percentiles and the mix's throughput.
 */
public final class SaturationBench {
    /** What one run measured. */
    public record Result(int clients, Duration duration, long requests, long errors, List<Long> healthNanos, long healthTimeouts,
                         List<Long> readyNanos, long readyFailures) {
        public double throughput() {
            return requests / (duration.toNanos() / 1e9);
        }

        /** The {@code q}-quantile (0..1) of the health probe's latency, in milliseconds. */
        public double healthMs(double q) {
            return quantileMs(healthNanos, q);
        }

        /** The {@code q}-quantile (0..1) of the readiness probe's latency, in milliseconds. */
        public double readyMs(double q) {
            return quantileMs(readyNanos, q);
        }

        private static double quantileMs(List<Long> nanos, double q) {
            if (nanos.isEmpty()) return Double.NaN;
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
        }
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    /** The prober's own client on platform threads, so the load's virtual threads cannot delay the measurement. */
    private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("health-probe-io").factory())).build();

    /** {@code key}: an API key to send, or null for a server in the zero-set-up mode. */
    public SaturationBench(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    public Result run(int clients, Duration duration, long seed) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong(), errors = new AtomicLong(), timeouts = new AtomicLong();
        AtomicLong readyFailures = new AtomicLong();
        List<Long> health = Collections.synchronizedList(new ArrayList<>());
        List<Long> ready = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                Random random = new Random(seed + c);
                pool.submit(() -> {
                    while (!stop.get()) {
                        if (!send(nextRequest(random))) errors.incrementAndGet();
                        requests.incrementAndGet();
                    }
                });
            }
            Thread healthProber = prober("/health", stop, health, timeouts);
            Thread readyProber = prober("/health/ready", stop, ready, readyFailures);
            Thread.sleep(duration.toMillis());
            stop.set(true);
            healthProber.join();
            readyProber.join();
        }
        return new Result(clients, duration, requests.get(), errors.get(), List.copyOf(health), timeouts.get(),
                List.copyOf(ready), readyFailures.get());
    }

    /** Asks for {@code path} every 50 ms until {@code stop}: the latency of each 200 into {@code latencies}, anything else counted. */
    private Thread prober(String path, AtomicBoolean stop, List<Long> latencies, AtomicLong failures) {
        return Thread.ofPlatform().name("prober " + path).start(() -> {
            while (!stop.get()) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<Void> r = probe.send(HttpRequest.newBuilder(base.resolve(path)).timeout(PROBE_TIMEOUT).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) latencies.add(System.nanoTime() - t0);
                    else failures.incrementAndGet();
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
                sleep(50);
            }
        });
    }

    /** 20% writes, 50% keyword searches, 30% listings. */
    private HttpRequest nextRequest(Random random) {
        int pick = random.nextInt(10);
        HttpRequest.Builder b;
        if (pick < 2) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 600; i++) text.append(WORDS[random.nextInt(WORDS.length)]).append(i % 15 == 14 ? ". " : " ");
            String body = "{\"title\":\"load " + random.nextInt(1_000_000) + "\",\"type\":\"load\",\"content\":\"" + text + "\"}";
            b = HttpRequest.newBuilder(base.resolve("/api/v1/resources")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        } else if (pick < 7) {
            b = HttpRequest.newBuilder(base.resolve("/api/v1/search?mode=keyword&q=" + WORDS[random.nextInt(WORDS.length)]));
        } else {
            b = HttpRequest.newBuilder(base.resolve("/api/v1/resources?limit=20"));
        }
        if (key != null) b.header("Authorization", "Bearer " + key);
        return b.timeout(Duration.ofSeconds(60)).build();
    }

    private boolean send(HttpRequest request) {
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status < 500 || status == 503;
        } catch (Exception e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final String[] WORDS = ("lighthouse keeper harbour tide beacon lantern signal coast reef storm vessel "
            + "anchor chart compass ledger archive index catalogue library shelf volume chapter margin note citation "
            + "query ranking vector keyword hybrid chunk token embedding replica pooler cache migration backup").split(" ");
}
