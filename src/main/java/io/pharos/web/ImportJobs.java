package io.pharos.web;

import io.pharos.bulk.ImportService;
import io.pharos.bulk.ImportSummary;
import io.pharos.bulk.LineError;
import io.pharos.common.LogSafe;
import io.pharos.common.PharosException;
import io.pharos.ingest.DirectoryImporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web page's imports: each upload, saved in a temporary folder, is imported in the background by the
 * same importers as {@code pharos import} (one at a time, in order), while its page shows the progress and
 * then the summary the CLI prints. Jobs live in memory on the instance that took the upload; the last
 * {@value #KEPT} are kept.
 */
final class ImportJobs {
    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    static final int KEPT = 50;
    /** Failed lines of a JSON Lines import shown on the page; the count covers the rest. */
    static final int ERRORS_SHOWN = 100;

    private final ImportService jsonLines;
    private final DirectoryImporter folders;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pharos-web-import");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    ImportJobs(ImportService jsonLines, DirectoryImporter folders) {
        this.jsonLines = jsonLines;
        this.folders = folders;
    }

    /** Imports the documents under {@code dir} (deleted afterwards) for {@code owner}; the job's id. */
    String folder(io.pharos.auth.UserId owner, Path dir, int files) {
        Job job = add(owner, files + (files == 1 ? " file" : " files"));
        worker.execute(() -> run(job, dir, () -> {
            job.total(DirectoryImporter.files(dir, false).size());
            DirectoryImporter.Summary s = folders.importUpload(dir, p -> job.step());
            job.finish(s.describe(false));
        }));
        return job.id;
    }

    /** Imports the JSON Lines {@code file} (its folder {@code dir} is deleted afterwards) for {@code owner}; the job's id. */
    String jsonLines(io.pharos.auth.UserId owner, Path dir, Path file, String name) {
        Job job = add(owner, name);
        worker.execute(() -> run(job, dir, () -> {
            job.total(ImportService.countLines(file));
            ImportSummary s = jsonLines.importFile(file, false, new ImportService.Listener() {
                @Override public void progress(ImportSummary soFar) { job.at(soFar.lines()); }
                @Override public void failed(LineError error) { job.error(error.toString()); }
            });
            job.finish(List.of(s.describe()));
        }));
        return job.id;
    }

    /** The job {@code id} of {@code owner}, or empty (another user's job is not theirs to see). */
    Optional<ImportStatus> status(io.pharos.auth.UserId owner, String id) {
        synchronized (jobs) {
            Job job = jobs.get(id);
            return job == null || !job.owner.equals(owner) ? Optional.empty() : Optional.of(job.status());
        }
    }

    /** The owner's jobs, newest first. */
    List<ImportStatus> of(io.pharos.auth.UserId owner) {
        synchronized (jobs) {
            List<ImportStatus> mine = new ArrayList<>();
            jobs.values().stream().filter(j -> j.owner.equals(owner)).forEach(j -> mine.add(0, j.status()));
            return mine;
        }
    }

    private Job add(io.pharos.auth.UserId owner, String what) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        Job job = new Job(HexFormat.of().formatHex(bytes), owner, what);
        synchronized (jobs) {
            jobs.put(job.id, job);
            var it = jobs.values().iterator();
            while (jobs.size() > KEPT && it.hasNext()) {
                if (it.next().finished) it.remove();
                else break;
            }
        }
        return job;
    }

    private void run(Job job, Path dir, Runnable work) {
        try {
            work.run();
        } catch (PharosException e) {
            job.finish(List.of("the import stopped: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("web import {} failed: {}", job.id, LogSafe.describe(e));
            job.finish(List.of("the import stopped: an internal error (see the server's log)"));
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            log.warn("could not delete the upload folder {}: {}", dir, e.getMessage());
        }
    }

    /** One import; its fields are read and written under its own lock. */
    private static final class Job {
        final String id;
        final io.pharos.auth.UserId owner;
        final String what;
        private long done, total;
        private volatile boolean finished;
        private List<String> summary = List.of();
        private final List<String> errors = new ArrayList<>();
        private long moreErrors;

        Job(String id, io.pharos.auth.UserId owner, String what) {
            this.id = id;
            this.owner = owner;
            this.what = what;
        }

        synchronized void total(long n) { total = n; }

        synchronized void step() { done++; }

        synchronized void at(long n) { done = n; }

        synchronized void error(String e) {
            if (errors.size() < ERRORS_SHOWN) errors.add(e);
            else moreErrors++;
        }

        synchronized void finish(List<String> lines) {
            summary = List.copyOf(lines);
            done = Math.max(done, total);
            finished = true;
        }

        synchronized ImportStatus status() {
            return new ImportStatus(id, what, done, total, finished, summary, List.copyOf(errors), moreErrors);
        }
    }
}
