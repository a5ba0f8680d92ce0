package io.pharos.cli;

import io.pharos.testing.Cli;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.pharos.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code pharos bench} on a tiny library prints each mode's latency and the process's memory. */
class BenchCommandTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void bench_prints_latencies_and_the_memory_figure() {
        Cli.Run r = run("bench", "--chunks", "40", "--queries", "3", "--throughput-chunks", "0", "--database-url", testDb.url());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("keyword +p50 +[0-9.]+ ms +p95 +[0-9.]+ ms +\\(3 queries\\)")
                .containsPattern("semantic +p50").containsPattern("hybrid +p50");
        String memory = r.out().lines().filter(l -> l.startsWith("memory: ")).findFirst().orElseThrow();
        assertThat(memory).containsPattern("JVM heap [0-9,]+ MiB used \\(peak [0-9,]+ MiB\\) of [0-9,]+ MiB max");
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertThat(memory).containsPattern("^memory: RSS [0-9,]+ MiB \\(peak [0-9,]+ MiB\\)");
        }
    }
}
