package io.pharos.cli;

import io.pharos.Library;
import io.pharos.search.EmbeddingWorker;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Rebuild the search index: re-chunk every resource, rebuild the keyword and vector indexes, "
                + "and re-embed everything (unless embeddings are off).")
final class ReindexCommand implements Runnable {
    @Mixin DatabaseOptions database;

    @Option(names = "--keyword-only", description = "Only rebuild the derived keyword indexes from the chunks table "
            + "(e.g. after copying tables between databases); no re-chunking, no embedding.")
    boolean keywordOnly;

    @Option(names = "--pending", description = "Keep existing embeddings; only embed what the queue holds.")
    boolean pendingOnly;

    @Override
    public void run() {
        OptionChecks.notBoth("--pending", pendingOnly, "--keyword-only", keywordOnly);
        try (Library lib = database.openLibrary()) {
            var index = lib.search().index();
            if (keywordOnly) {
                index.rebuild();
                System.out.println("keyword indexes rebuilt");
                return;
            }
            if (!pendingOnly) {
                long resources = index.resourceCount();
                try (ProgressBar bar = bar("chunk", resources)) {
                    index.rechunkAll(bar::stepTo);
                }
                index.rebuild();
            }
            EmbeddingWorker worker = lib.search().worker();
            if (worker == null) {
                System.out.println("chunked and indexed for keyword search; embeddings are off (PHAROS_EMBEDDINGS=none)");
                return;
            }
            long chunks = lib.database().read(h -> h.createQuery("SELECT count(*) FROM chunks WHERE embedding IS NULL").mapTo(Long.class).one());
            long t0 = System.nanoTime();
            long done;
            try (ProgressBar bar = bar("embed", chunks)) {
                done = worker.drainAll(bar::stepTo);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("embedded %d chunks in %.1f s (%.1f chunks/s) with %s%n", done, s, done / Math.max(s, 1e-9),
                    lib.search().embedderOrNull().describe());
        }
    }

    private static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
}
