package io.pharos.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.pharos.auth.Authenticator;
import io.pharos.common.PharosException;
import io.pharos.http.FormBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.function.Supplier;

/**
 * The import page: files ({@code .md}, {@code .txt}, {@code .html}, several or a whole folder) or one JSON
 * Lines file are uploaded, imported in the background ({@link ImportJobs}) and followed on the job's page,
 * which shows the progress, the summary {@code pharos import} prints, and the embedding queue draining. The
 * page refreshes itself while there is something to watch, so no script is needed.
 */
final class ImportPages {
    private final ImportJobs jobs;
    private final Supplier<Map<String, Object>> embedding;
    private final Frames frames;

    /** {@code embedding}: the search section of the readiness report (its {@code embedding_backlog}). */
    ImportPages(ImportJobs jobs, Supplier<Map<String, Object>> embedding, Frames frames) {
        this.jobs = jobs;
        this.embedding = embedding;
        this.frames = frames;
    }

    void register(Javalin app) {
        app.get("/import", ctx -> show(ctx, 200, null));
        app.post("/import", this::upload, FormBody.UPLOAD);
        app.get("/import/{id}", this::job);
    }

    private void show(Context ctx, int status, String problem) {
        ctx.status(status);
        frames.render(ctx, "import.jte", new ImportView(frames.page(ctx, "Import"), jobs.of(owner(ctx)), problem, queue()));
    }

    private void job(Context ctx) {
        var found = jobs.status(owner(ctx), ctx.pathParam("id"));
        if (found.isEmpty()) {
            frames.message(ctx, 404, "Not found", "There is no import of yours here; imports are kept in memory until the server restarts.");
            return;
        }
        ImportStatus s = found.get();
        ImportView.Queue queue = queue();
        if (!s.finished() || queue.draining()) ctx.header("Refresh", "1");
        frames.render(ctx, "import-job.jte", new ImportJobView(frames.page(ctx, "Import of " + s.what()), s, queue));
    }

    private void upload(Context ctx) {
        List<UploadedFile> files;
        try {
            Frames.requireCsrf(ctx);
            files = ctx.uploadedFiles().stream().filter(f -> f.size() > 0 || !f.filename().isBlank()).toList();
        } catch (PharosException e) {
            throw e;
        } catch (RuntimeException e) {
            // Jetty refuses a multipart body over the limit, or a broken one, while parsing it
            show(ctx, 413, "The upload could not be read: it is larger than " + (io.pharos.http.HttpServer.MAX_UPLOAD_BYTES >> 20)
                    + " MiB or was cut off. Import fewer files at a time, or use 'pharos import' on the server.");
            return;
        }
        if (files.isEmpty()) {
            show(ctx, 400, "Choose files or a folder to import.");
            return;
        }
        List<UploadedFile> jsonl = files.stream().filter(f -> isJsonLines(f.filename())).toList();
        if (!jsonl.isEmpty() && files.size() > 1) {
            show(ctx, 400, "A JSON Lines file is imported on its own; upload it without other files.");
            return;
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("pharos-upload-");
        } catch (IOException e) {
            show(ctx, 503, "The server has no room for the upload now: " + e.getMessage());
            return;
        }
        String id;
        try {
            if (!jsonl.isEmpty()) {
                Path file = dir.resolve("upload.jsonl");
                save(jsonl.get(0), file);
                id = jobs.jsonLines(owner(ctx), dir, file, UploadPaths.name(jsonl.get(0).filename()));
            } else {
                UploadPaths paths = new UploadPaths(dir);
                for (UploadedFile f : files) save(f, paths.place(f.filename()));
                id = jobs.folder(owner(ctx), dir, files.size());
            }
        } catch (IOException e) {
            ImportJobs.deleteTree(dir);
            show(ctx, 400, "The upload could not be saved: " + e.getMessage());
            return;
        }
        ctx.redirect("/import/" + id, HttpStatus.SEE_OTHER);
    }

    private static void save(UploadedFile f, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = f.content()) {
            Files.copy(in, to);
        }
    }

    private ImportView.Queue queue() {
        Map<String, Object> search = embedding.get();
        if (!Boolean.TRUE.equals(search.get("semantic"))) return ImportView.Queue.OFF;
        @SuppressWarnings("unchecked")
        Map<String, Object> backlog = (Map<String, Object>) search.get("embedding_backlog");
        return new ImportView.Queue(true, number(backlog.get("resources")), number(backlog.get("chunks")),
                backlog.get("estimated_seconds_to_drain") instanceof Number n ? n.longValue() : null);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static boolean isJsonLines(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    private static io.pharos.auth.UserId owner(Context ctx) {
        return Authenticator.caller(ctx).userId();
    }

    /** Where each uploaded file goes under the upload folder: its relative path, cleaned, and never outside. */
    static final class UploadPaths {
        private final Path root;
        private final java.util.Set<Path> used = new java.util.HashSet<>();

        UploadPaths(Path root) {
            this.root = root;
        }

        /** The submitted name (a folder upload sends {@code folder/sub/file.md}) as a path under the root, made unique. */
        Path place(String submitted) {
            List<String> parts = new ArrayList<>();
            for (String part : submitted.split("[/\\\\]")) {
                String p = part.replaceAll("[\\p{Cntrl}]", "").strip();
                if (p.isEmpty() || p.equals(".") || p.equals("..")) continue;
                parts.add(p.length() > 200 ? p.substring(0, 200) : p);
            }
            if (parts.isEmpty()) parts.add("upload.txt");
            Path candidate = root.resolve(String.join("/", parts)).normalize();
            if (!candidate.startsWith(root)) candidate = root.resolve(parts.get(parts.size() - 1));
            Path chosen = candidate;
            for (int n = 2; used.contains(chosen) || Files.exists(chosen); n++) {
                String file = candidate.getFileName().toString();
                int dot = file.lastIndexOf('.');
                chosen = candidate.resolveSibling(dot > 0 ? file.substring(0, dot) + " (" + n + ")" + file.substring(dot) : file + " (" + n + ")");
            }
            used.add(chosen);
            return chosen;
        }

        /** The file's own name, for the job's title. */
        static String name(String submitted) {
            String[] parts = submitted.split("[/\\\\]");
            return parts.length == 0 ? submitted : parts[parts.length - 1];
        }
    }
}
