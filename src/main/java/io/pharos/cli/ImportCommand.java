package io.pharos.cli;

import io.pharos.Library;
import io.pharos.bulk.ImportService;
import io.pharos.bulk.ImportSummary;
import io.pharos.bulk.LineError;
import io.pharos.common.InvalidInputException;
import io.pharos.ingest.DirectoryImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import resources from a JSON Lines file (one resource object per line) or a folder of documents.",
                "A folder: every .md, .txt and .html file becomes a resource whose 'source' is its path relative to the "
                        + "folder, so importing again updates instead of duplicating.",
                "Imported text is indexed for keyword search at once; embedding happens in the server's background queue "
                        + "or with 'pharos reindex --pending'. Exit 0 when nothing failed, 1 otherwise."})
final class ImportCommand implements Callable<Integer> {

    @Mixin DatabaseOptions database;

    @Parameters(paramLabel = "FILE.jsonl|DIR", description = "A .jsonl file, or a folder (searched recursively).") Path path;

    @Option(names = "--on-error", paramLabel = "continue|stop", defaultValue = "continue",
            description = "For .jsonl: continue (default) reports a bad line and goes on; stop stops at the first bad line.")
    String onError;

    @Option(names = "--no-progress", description = "No progress bar or progress lines.") boolean noProgress;

    @Option(names = "--follow-links", description = "For a folder: read symbolic links to files inside the folder "
            + "(never links out of it). By default no link is followed.") boolean followLinks;

    @Option(names = "--prune", description = "For a folder: delete the resources of files an earlier import of this "
            + "folder read that are gone now (without it they are only listed as missing).") boolean prune;

    @Override
    public Integer call() {
        if (!onError.equals("continue") && !onError.equals("stop")) {
            throw InvalidInputException.badRequest("--on-error", "must be continue or stop");
        }
        if (!Files.exists(path)) throw InvalidInputException.badRequest("FILE.jsonl|DIR", "'" + path + "' does not exist");
        boolean file = !Files.isDirectory(path);
        if (file && prune) throw InvalidInputException.badRequest("--prune", "--prune is for a folder import; '" + path + "' is a file");
        if (file && followLinks) throw InvalidInputException.badRequest("--follow-links", "--follow-links is for a folder import; '" + path + "' is a file");
        try (Library lib = database.openLibrary()) {
            return Files.isDirectory(path) ? importDirectory(lib) : importJsonLines(lib);
        }
    }

    private int importJsonLines(Library lib) {
        long total = ImportService.countLines(path);
        ImportSummary s;
        try (CliProgress progress = new CliProgress("import", total, noProgress)) {
            s = lib.jsonLinesImport().importFile(path, onError.equals("stop"), new ImportService.Listener() {
                @Override public void progress(ImportSummary soFar) {
                    progress.at(soFar.lines(), soFar.imported() + " imported, " + soFar.updated() + " updated, " + soFar.skipped() + " skipped, " + soFar.failed() + " failed");
                }
                @Override public void failed(LineError error) { System.err.println(error); }
            });
        }
        System.out.println(s.describe());
        return s.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private int importDirectory(Library lib) {
        int total = DirectoryImporter.files(path, followLinks).size();
        DirectoryImporter.Summary s;
        try (CliProgress progress = new CliProgress("import", total, noProgress)) {
            long[] done = {0};
            s = lib.directoryImport().importDirectory(path, followLinks, prune, p -> progress.at(++done[0], ""));
        }
        s.describe(prune).forEach(System.out::println);
        return s.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
