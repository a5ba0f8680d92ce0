package io.pharos.cli;

import io.pharos.Pharos;
import io.pharos.monitoring.SaturationBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** {@code pharos loadtest}: saturates a server on loopback and prints how /health answered meanwhile. */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Starts a server on loopback over the given library (use a scratch one: it adds resources of type 'load'), "
                + "saturates it with concurrent writes, searches and listings, and prints /health latency percentiles "
                + "and the mix's throughput.")
final class LoadTestCommand implements Runnable {
    @Mixin DatabaseOptions database;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "200", description = "Concurrent clients (default 200).")
    int clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "How long to saturate (default 30).")
    int seconds;

    @Option(names = "--mix", paramLabel = "MIX", defaultValue = "saturate",
            description = "saturate (default: 20% writes of ~4 KB documents, 50% keyword searches, 30% listings) or read-heavy "
                    + "(10% small writes, 45% keyword and hybrid searches from 50 repeating queries, 45% reads by id of 200 resources) "
                    + "or read-only (the same without the writes).")
    String mix;

    @Override
    public void run() {
        SaturationBench.Mix chosen = switch (mix) {
            case "saturate" -> SaturationBench.Mix.SATURATE;
            case "read-heavy" -> SaturationBench.Mix.READ_HEAVY;
            case "read-only" -> SaturationBench.Mix.READ_ONLY;
            default -> throw io.pharos.common.InvalidInputException.badRequest("--mix", "must be saturate, read-heavy or read-only, got '" + mix + "'");
        };
        if (clients < 1 || clients > 2000) throw io.pharos.common.InvalidInputException.badRequest("--clients", "must be 1..2000");
        if (seconds < 1 || seconds > 3600) throw io.pharos.common.InvalidInputException.badRequest("--seconds", "must be 1..3600");
        try (Pharos server = Pharos.start(database.settings(Map.of("PHAROS_HOST", "127.0.0.1", "PHAROS_PORT", "0", "PHAROS_AUTH", "off")))) {
            var result = new SaturationBench(URI.create("http://127.0.0.1:" + server.port()), null)
                    .run(chosen, clients, Duration.ofSeconds(seconds), 42);
            System.out.printf(Locale.ROOT, "%d clients for %d s (%s): %d requests (%.0f/s), %d not 2xx (503 with Retry-After included)%n",
                    result.clients(), seconds, mix, result.requests(), result.throughput(), result.errors());
            for (String kind : result.latencies().keySet()) {
                System.out.printf(Locale.ROOT, "  %-6s %6d answered, p50 %.1f ms, p95 %.1f ms%n", kind, result.latencies().get(kind).size(),
                        result.requestMs(kind, 0.5), result.requestMs(kind, 0.95));
            }
            System.out.printf(Locale.ROOT, "  all    p50 %.1f ms, p95 %.1f ms%n", result.requestMs("all", 0.5), result.requestMs("all", 0.95));
            System.out.printf(Locale.ROOT, "/health: %d probes, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed or over 10 s%n",
                    result.healthNanos().size(), result.healthMs(0.5), result.healthMs(0.95), result.healthMs(0.99), result.healthMs(1.0),
                    result.healthTimeouts());
            System.out.printf(Locale.ROOT, "/health/ready: %d probes, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, %d not 200 or over 10 s%n",
                    result.readyNanos().size(), result.readyMs(0.5), result.readyMs(0.95), result.readyMs(0.99), result.readyMs(1.0),
                    result.readyFailures());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
