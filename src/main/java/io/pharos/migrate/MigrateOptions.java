package io.pharos.migrate;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code pharos migrate} was asked to do.
 *
 * @param batchDelayMillis pause after each committed batch (hidden option, lets tests interrupt a run mid-way)
 */
public record MigrateOptions(String from, String to, boolean dryRun, boolean resume, boolean truncate,
                             List<String> tables, List<String> exclude, int batchSize, OnError onError,
                             Path rejectFile, Path reportFile, long batchDelayMillis) {

    public enum OnError { ABORT, SKIP }

    public MigrateOptions {
        tables = tables == null ? List.of() : List.copyOf(tables);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        if (onError == null) onError = OnError.ABORT;
    }
}
