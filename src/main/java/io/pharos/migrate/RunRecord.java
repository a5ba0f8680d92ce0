package io.pharos.migrate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run has learnt and done so far, kept as it goes so that the report can be written however the
 * run ends: the step it is in (named in the report when it fails there), the plan and the source's counts
 * once known, each table's validation, the notes, the derived indexes rebuilt.
 */
final class RunRecord {
    /** The steps of a run, in order; a failed run's report names the one it failed in. */
    enum Step {
        OPTIONS("options"), SOURCE("source"), TARGET("target"), PLAN("plan"), COPY("copy"),
        DERIVED_INDEXES("derived indexes"), REJECT_FILE("reject file");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    final long started = System.nanoTime();
    Step step = Step.OPTIONS;
    String source;
    String target;
    String version;
    List<PlannedTable> plan = List.of();
    Map<String, Long> counts = Map.of();
    final List<Validator.Result> results = new ArrayList<>();
    final Map<String, Double> seconds = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final List<String> rebuilt = new ArrayList<>();
    Path rejectFile;

    /** The tables to copy and their rows in the source: known together, reported together. */
    void planned(List<PlannedTable> plan, Map<String, Long> counts) {
        this.plan = plan;
        this.counts = counts;
    }
}
