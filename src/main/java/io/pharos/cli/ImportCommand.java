package io.pharos.cli;

import io.pharos.bulk.ImportService;
import io.pharos.bulk.ImportSummary;
import io.pharos.bulk.LineError;
import io.pharos.common.Jsons;
import io.pharos.db.Database;
import io.pharos.event.DomainEvents;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceStore;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import resources from a JSON Lines file (one resource object per line). Exit 0 when every line was imported or skipped, 1 when some failed.")
final class ImportCommand implements Callable<Integer> {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    @Mixin DatabaseOptions database;

    @Parameters(paramLabel = "FILE", description = "The .jsonl file.") Path file;

    @Option(names = "--on-error", paramLabel = "continue|stop", defaultValue = "continue",
            description = "continue (default): report a bad line and go on; stop: stop at the first bad line.")
    String onError;

    @Option(names = "--no-progress", description = "No progress bar or progress lines.") boolean noProgress;

    @Override
    public Integer call() {
        if (!onError.equals("continue") && !onError.equals("stop")) {
            throw io.pharos.common.InvalidInputException.badRequest("--on-error", "must be continue or stop");
        }
        long total = ImportService.countLines(file);
        try (Database db = OpenLibrary.open(database)) {
            var json = Jsons.mapper();
            var resources = new ResourceService(db, new ResourceStore(db.dialect(), json), Clock.systemUTC(), new DomainEvents());
            ImportSummary s;
            if (!noProgress && isTerminal()) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("import").setInitialMax(total).setUnit(" lines", 1)
                        .setStyle(ProgressBarStyle.ASCII).showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                    s = new ImportService(resources, json).importFile(file, onError.equals("stop"), new ImportService.Listener() {
                        @Override public void progress(ImportSummary soFar) { bar.stepTo(soFar.lines()); }
                        @Override public void failed(LineError error) { System.err.println(error); }
                    });
                }
            } else {
                s = new ImportService(resources, json).importFile(file, onError.equals("stop"), new PlainProgress(total, noProgress));
            }
            System.out.printf(Locale.ROOT, "imported %d, skipped %d, failed %d%s; %d lines in %.1f s (%.0f lines/s)%n",
                    s.imported(), s.skipped(), s.failed(), s.stopped() ? " (stopped at the first error)" : "",
                    s.lines(), s.elapsed().toMillis() / 1000.0, s.rate());
            return s.failed() == 0 ? 0 : 1;
        }
    }

    /** Off a terminal: a plain progress line every few seconds. */
    private static final class PlainProgress implements ImportService.Listener {
        private final long total;
        private final boolean quiet;
        private long lastPrinted = System.nanoTime();

        PlainProgress(long total, boolean quiet) {
            this.total = total;
            this.quiet = quiet;
        }

        @Override public void progress(ImportSummary s) {
            long now = System.nanoTime();
            if (quiet || now - lastPrinted < PLAIN_EVERY_NANOS) return;
            lastPrinted = now;
            double rate = s.rate();
            long etaSeconds = rate > 0 ? (long) ((total - s.lines()) / rate) : -1;
            System.err.printf(Locale.ROOT, "import: %d/%d lines (%.0f lines/s, eta %ds), %d imported, %d skipped, %d failed%n",
                    s.lines(), total, rate, etaSeconds, s.imported(), s.skipped(), s.failed());
        }

        @Override public void failed(LineError error) {
            System.err.println(error);
        }
    }

    /** A terminal on both ends (Console.isTerminal on JDK 22+; on 21 a console exists only on a terminal). */
    private static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
