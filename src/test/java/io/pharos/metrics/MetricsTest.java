package io.pharos.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {
    @Test
    void gauges_features_register_are_read_at_scrape_time() {
        try (Metrics metrics = new Metrics()) {
            AtomicInteger depth = new AtomicInteger(3);
            metrics.gauge("pharos.embedding.queue.depth", "items waiting to be embedded", depth::get);
            assertThat(metrics.scrape()).contains("pharos_embedding_queue_depth 3.0");
            depth.set(7);
            assertThat(metrics.scrape()).contains("pharos_embedding_queue_depth 7.0");
        }
    }

    @Test
    void search_latency_is_timed_per_mode() {
        try (Metrics metrics = new Metrics()) {
            metrics.searchLatency("keyword").record(Duration.ofMillis(12));
            metrics.searchLatency("keyword").record(Duration.ofMillis(8));
            metrics.searchLatency("semantic").record(Duration.ofMillis(40));
            assertThat(metrics.scrape())
                    .contains("pharos_search_latency_seconds_count{mode=\"keyword\"} 2")
                    .contains("pharos_search_latency_seconds_count{mode=\"semantic\"} 1");
        }
    }
}
