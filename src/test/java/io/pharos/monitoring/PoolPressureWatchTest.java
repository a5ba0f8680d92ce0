package io.pharos.monitoring;

import io.pharos.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PoolPressureWatchTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final PoolPressureWatch watch = new PoolPressureWatch(
            () -> List.of(new PoolSnapshot("pharos-test", "read_write", 20, active.get(), 20 - active.get(), 3, 20, 25, 4, 0)),
            Duration.ofSeconds(10), Duration.ofMinutes(5), now::get);

    private int sampleEverySecondFor(int seconds) {
        int warnings = 0;
        for (int i = 0; i < seconds; i++) {
            warnings += watch.check();
            now.addAndGet(1_000_000_000L);
        }
        return warnings;
    }

    @Test
    void sustained_pressure_warns_once_with_the_numbers_not_on_every_sample() {
        active.set(19);   // 95 %
        String log;
        int warnings;
        try (LogCapture capture = new LogCapture()) {
            warnings = sampleEverySecondFor(120);
            log = capture.text();
        }
        assertThat(warnings).isEqualTo(1);
        assertThat(log).contains("pharos-test", "in use 19 of max 20", "threads waiting 3", "connection timeouts since start 4",
                "raise PHAROS_DB_POOL_SIZE");
        assertThat(sampleEverySecondFor(300)).as("again after the warning interval").isEqualTo(1);
    }

    @Test
    void a_full_sqlite_pool_is_not_told_to_raise_a_setting_that_does_not_size_it() {
        for (String role : List.of("writer", "reader")) {
            PoolSnapshot full = new PoolSnapshot("pharos-sqlite-" + role, role, 1, 1, 0, 2, 1, 1, 0, 0);
            PoolPressureWatch sqlite = new PoolPressureWatch(() -> List.of(full), Duration.ofSeconds(10), Duration.ofMinutes(5), now::get);
            String log;
            try (LogCapture capture = new LogCapture()) {
                for (int i = 0; i < 20; i++) {
                    sqlite.check();
                    now.addAndGet(1_000_000_000L);
                }
                log = capture.text();
            }
            assertThat(log).contains("pharos-sqlite-" + role, "pharos migrate").doesNotContain("PHAROS_DB_POOL_SIZE");
        }
    }

    @Test
    void short_spikes_and_moderate_use_do_not_warn() {
        active.set(20);
        assertThat(sampleEverySecondFor(9)).isZero();
        active.set(18);   // 90 %: not above
        assertThat(sampleEverySecondFor(60)).isZero();
        active.set(20);
        assertThat(sampleEverySecondFor(9)).as("the spike clock restarted").isZero();
    }
}
