package io.pharos.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.common.InvalidInputException;
import io.pharos.resource.BatchOutcome;
import io.pharos.resource.ResourceInput;
import io.pharos.resource.ResourceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports resources from JSON Lines: one resource object per line (blank lines ignored), written in
 * batches of {@link #BATCH} per transaction. A bad line is reported with its number and the rest goes on,
 * unless stopping at the first error was asked for.
 */
public final class ImportService {
    private static final Logger log = LoggerFactory.getLogger(ImportService.class);
    public static final int BATCH = 1_000;

    /** Hears about progress after each batch, and about each failed line as it is found. */
    public interface Listener {
        void progress(ImportSummary soFar);

        void failed(LineError error);
    }

    private final ResourceService resources;
    private final ObjectMapper json;

    public ImportService(ResourceService resources, ObjectMapper json) {
        this.resources = resources;
        this.json = json;
    }

    /** Number of lines in {@code file}, for a progress total. */
    public static long countLines(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw unreadable(file, e);
        }
    }

    public ImportSummary importFile(Path file, boolean stopAtFirstError, Listener listener) {
        long started = System.nanoTime();
        long lineNo = 0, imported = 0, updated = 0, skipped = 0, failed = 0;
        boolean stopped = false;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<ResourceInput.BatchItem> batch = new ArrayList<>(BATCH);
            List<Long> batchLines = new ArrayList<>(BATCH);
            String line;
            boolean eof = false;
            while (!eof && !stopped) {
                line = reader.readLine();
                eof = line == null;
                if (!eof) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    try {
                        batch.add(ResourceInput.BatchItem.read(json.readTree(line)));
                        batchLines.add(lineNo);
                    } catch (JsonProcessingException e) {
                        failed++;
                        listener.failed(new LineError(lineNo, null, "is not valid JSON: " + e.getOriginalMessage()));
                        if (stopAtFirstError) stopped = true;
                    }
                }
                if (batch.size() == BATCH || ((eof || stopped) && !batch.isEmpty())) {
                    BatchOutcome outcome = resources.createBatch(batch, stopAtFirstError);
                    for (BatchOutcome.Item item : outcome.items()) {
                        switch (item.status()) {
                            case CREATED -> imported++;
                            case UPDATED -> updated++;
                            case SKIPPED -> skipped++;
                            case FAILED -> {
                                failed++;
                                listener.failed(new LineError(batchLines.get(item.index()), item.field(), item.detail()));
                            }
                        }
                    }
                    stopped |= outcome.stopped();
                    batch.clear();
                    batchLines.clear();
                    listener.progress(new ImportSummary(lineNo, imported, updated, skipped, failed, stopped, Duration.ofNanos(System.nanoTime() - started)));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw unreadable(file, e);
        }
        ImportSummary summary = new ImportSummary(lineNo, imported, updated, skipped, failed, stopped, Duration.ofNanos(System.nanoTime() - started));
        log.debug("import of {}: {} imported, {} updated, {} skipped, {} failed{} in {} ms", file, imported, updated, skipped, failed,
                stopped ? " (stopped at the first error)" : "", summary.elapsed().toMillis());
        return summary;
    }

    private static InvalidInputException unreadable(Path file, Exception e) {
        String why = e instanceof NoSuchFileException ? "does not exist" : "cannot be read: " + e.getMessage();
        if (e.getCause() instanceof java.nio.charset.CharacterCodingException) why = "is not UTF-8 text";
        if (e instanceof java.nio.charset.CharacterCodingException) why = "is not UTF-8 text";
        return InvalidInputException.badRequest("FILE", file + " " + why);
    }
}
