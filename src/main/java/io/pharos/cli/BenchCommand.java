package io.pharos.cli;

import io.pharos.Library;
import io.pharos.search.ProcessMemory;
import io.pharos.search.SearchBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Search benchmark on a dedicated, empty library: fills it with synthetic chunks (random embeddings), "
                + "then prints p50/p95 latency of each search mode, the embedding model's throughput and this process's memory "
                + "(resident set now and at its peak, JVM heap). "
                + "Run it again with a larger --chunks to grow the same library.")
final class BenchCommand implements Runnable {
    @Mixin DatabaseOptions database;

    @Option(names = "--chunks", paramLabel = "N", defaultValue = "10000", description = "Chunks in the library (default 10000).")
    int chunks;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "200", description = "Queries per mode (default 200).")
    int queries;

    @Option(names = "--throughput-chunks", paramLabel = "N", defaultValue = "256", description = "Chunks embedded for the throughput figure (default 256; 0 skips).")
    int throughputChunks;

    @Override
    public void run() {
        OptionChecks.atLeast("--chunks", chunks, 1);
        OptionChecks.atLeast("--queries", queries, 1);
        OptionChecks.atLeast("--throughput-chunks", throughputChunks, 0);
        try (Library lib = database.openLibrary()) {
            var bench = new SearchBench(lib.database(), lib.search(), lib.resources());
            long t0 = System.nanoTime();
            bench.fill(chunks, n -> System.err.print("\rfill: " + n + " chunks"));
            System.err.println();
            bench.randomEmbeddings(n -> System.err.print("."));
            System.err.println();
            System.out.printf("library: %s (prepared in %.0f s)%n", bench.describe(), (System.nanoTime() - t0) / 1e9);
            for (SearchBench.Latency l : bench.latencies(queries)) {
                System.out.printf("%-8s p50 %7.1f ms   p95 %7.1f ms   (%d queries)%n", l.mode(), l.p50Ms(), l.p95Ms(), l.queries());
            }
            if (throughputChunks > 0) {
                SearchBench.Throughput t = bench.throughput(throughputChunks);
                if (t != null) {
                    System.out.printf("embedding: %.1f chunks/s through the pipeline, %.1f chunks/s bare model call (%d chunks)%n",
                            t.pipelinePerSecond(), t.rawModelPerSecond(), t.chunks());
                }
            }
            System.out.println("memory: " + ProcessMemory.now().describe());
        }
    }
}
