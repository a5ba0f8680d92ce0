package io.pharos.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.Jsons;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads a running server over loopback with {@code clients} virtual threads looping over a {@link Mix} of
 * requests, while two probers ask for {@code /health} and {@code /health/ready} every 50 ms each (on their
 * own platform threads, so the load cannot delay the measurement). Bounded by {@code duration}. Reports
 * each kind of request's latency percentiles, the throughput and the probes' latencies.
 */
public final class SaturationBench {
    /** What the clients send. */
    public enum Mix {
        /** 20% writes of a resource with ~4 KB of text (chunked and indexed), 50% keyword searches, 30% listings. */
        SATURATE,
        /**
         * Read-heavy: 10% writes (a new small resource), 45% searches (keyword and hybrid, half each) drawn
         * from 50 queries so that they repeat, 45% reads of one of the first 200 resources by id.
         */
        READ_HEAVY,
        /** The read-heavy mix without its writes: 50% of the same repeating searches, 50% reads by id. */
        READ_ONLY
    }

    /** What one run measured; latencies in nanoseconds by kind of request (2xx only). */
    public record Result(int clients, Duration duration, long requests, long errors, Map<String, List<Long>> latencies,
                         List<Long> healthNanos, long healthTimeouts, List<Long> readyNanos, long readyFailures) {
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

        /** The {@code q}-quantile of one kind of request ({@code write}, {@code search}, {@code read}, {@code list}), or of all with {@code all}. */
        public double requestMs(String kind, double q) {
            if (!kind.equals("all")) return quantileMs(latencies.getOrDefault(kind, List.of()), q);
            List<Long> every = new ArrayList<>();
            latencies.values().forEach(every::addAll);
            return quantileMs(every, q);
        }

        private static double quantileMs(List<Long> nanos, double q) {
            if (nanos.isEmpty()) return Double.NaN;
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1))) / 1e6;
        }
    }

    private record Planned(String kind, HttpRequest request) {}

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final int READ_SET = 200;
    private static final int QUERY_SET = 50;

    private final URI base;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    /** The probers' own client on platform threads, so the load's virtual threads cannot delay the measurement. */
    private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("health-probe-io").factory())).build();
    private final List<String> readIds = new ArrayList<>();

    /** {@code key}: an API key to send, or null for a server in the zero-set-up mode. */
    public SaturationBench(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    public Result run(int clients, Duration duration, long seed) throws InterruptedException {
        return run(Mix.SATURATE, clients, duration, seed);
    }

    public Result run(Mix mix, int clients, Duration duration, long seed) throws InterruptedException {
        if (mix != Mix.SATURATE) prepareReadSet(new Random(seed));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong(), errors = new AtomicLong(), timeouts = new AtomicLong();
        AtomicLong readyFailures = new AtomicLong();
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        List<Long> health = Collections.synchronizedList(new ArrayList<>());
        List<Long> ready = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                Random random = new Random(seed + c);
                pool.submit(() -> {
                    while (!stop.get()) {
                        Planned next = switch (mix) {
                            case SATURATE -> saturating(random);
                            case READ_HEAVY -> readHeavy(random, true);
                            case READ_ONLY -> readHeavy(random, false);
                        };
                        long t0 = System.nanoTime();
                        if (send(next.request())) {
                            latencies.computeIfAbsent(next.kind(), k -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(System.nanoTime() - t0);
                        } else {
                            errors.incrementAndGet();
                        }
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
        Map<String, List<Long>> byKind = new TreeMap<>();
        latencies.forEach((kind, list) -> byKind.put(kind, List.copyOf(list)));
        return new Result(clients, duration, requests.get(), errors.get(), byKind, List.copyOf(health), timeouts.get(),
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

    /** The ids the read-heavy mix reads: the library's first {@value #READ_SET} resources, made when there are fewer. */
    private void prepareReadSet(Random random) {
        try {
            JsonNode page = Jsons.mapper().readTree(http.send(authorized(HttpRequest.newBuilder(
                    base.resolve("/api/v1/resources?limit=" + READ_SET))).build(), HttpResponse.BodyHandlers.ofString()).body());
            page.path("items").forEach(item -> readIds.add(item.path("id").asText()));
            while (readIds.size() < READ_SET) {
                var created = http.send(newResource(random, 600).request(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) throw new IllegalStateException("could not create the read set: HTTP " + created.statusCode() + " " + created.body());
                readIds.add(Jsons.mapper().readTree(created.body()).path("id").asText());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not prepare the read set: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the read set", e);
        }
    }

    private Planned saturating(Random random) {
        int pick = random.nextInt(10);
        if (pick < 2) return newResource(random, 600);
        if (pick < 7) return get("search", "/api/v1/search?mode=keyword&q=" + word(random));
        return get("list", "/api/v1/resources?limit=20");
    }

    private Planned readHeavy(Random random, boolean writes) {
        int pick = random.nextInt(20);
        if (pick < 2) {
            if (writes) return newResource(random, 60);
            pick = 11 + pick;   // a read instead
        }
        if (pick < 11) {
            Random query = new Random(random.nextInt(QUERY_SET));   // one of QUERY_SET fixed queries
            String mode = pick % 2 == 0 ? "keyword" : "hybrid";
            return get("search", "/api/v1/search?mode=" + mode + "&limit=10&q=" + word(query) + "+" + word(query));
        }
        return get("read", "/api/v1/resources/" + readIds.get(random.nextInt(readIds.size())));
    }

    private Planned newResource(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) text.append(word(random)).append(i % 15 == 14 ? ". " : " ");
        String body = "{\"title\":\"load " + random.nextInt(1_000_000) + "\",\"type\":\"load\",\"content\":\"" + text + "\"}";
        return new Planned("write", authorized(HttpRequest.newBuilder(base.resolve("/api/v1/resources"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))).build());
    }

    private Planned get(String kind, String path) {
        return new Planned(kind, authorized(HttpRequest.newBuilder(base.resolve(path))).build());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder b) {
        if (key != null) b.header("Authorization", "Bearer " + key);
        return b.timeout(Duration.ofSeconds(60));
    }

    private boolean send(HttpRequest request) {
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status < 300;
        } catch (Exception e) {
            return false;
        }
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
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
