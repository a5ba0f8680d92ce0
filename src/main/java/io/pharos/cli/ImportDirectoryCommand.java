package io.pharos.cli;

import io.pharos.ingest.DirectoryImporter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a folder of documents (.md, .txt, .html): one resource per file, its path relative to DIR "
                + "kept in 'source' so importing again updates instead of duplicating. Embedding happens in the background "
                + "(the server's queue) or with 'pharos reindex'.")
final class ImportDirectoryCommand implements Runnable {
    @Mixin DatabaseOptions database;

    @Parameters(paramLabel = "DIR", description = "The folder to import (searched recursively).")
    Path dir;

    @Override
    public void run() {
        try (Library lib = Library.open(database.settings(Map.of()))) {
            int total = DirectoryImporter.files(dir).size();
            DirectoryImporter.Summary s;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("import").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
                s = new DirectoryImporter(lib.database(), lib.resources()).importDirectory(dir, p -> bar.step());
            }
            System.out.printf("%d files: %d created, %d updated, %d unchanged, %d failed%n",
                    s.files(), s.created(), s.updated(), s.unchanged(), s.failed());
        }
    }
}
