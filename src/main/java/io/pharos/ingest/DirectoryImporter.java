package io.pharos.ingest;

import io.pharos.common.LogSafe;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.common.PharosException;
import io.pharos.db.Database;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceInput;
import io.pharos.resource.ResourceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Imports a folder of documents ({@code .md}, {@code .markdown}, {@code .txt}, {@code .html}, {@code .htm})
 * as resources through {@link ResourceService}, so search indexing follows. Each resource keeps the
 * file's path relative to the folder ({@code /}-separated) in {@code source}: importing again updates
 * the resource with that source (or leaves it alone when title and text are unchanged) instead of
 * adding a duplicate.
 */
public final class DirectoryImporter {
    /** What a folder import brought in is content. */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONTENT, "imported_files");

    private static final Logger log = LoggerFactory.getLogger(DirectoryImporter.class);
    private static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

    /**
     * {@code files}: documents read; {@code skipped}: files left alone (links, special files, other
     * extensions, binary content); {@code missing}: files an earlier import of this folder read that are
     * gone now; {@code pruned}: how many of their resources were deleted ({@code --prune}).
     */
    public record Summary(int files, int created, int updated, int unchanged, int failed, List<SkippedFile> skipped,
                          List<String> missing, int pruned) {
        public Summary {
            skipped = List.copyOf(skipped);
            missing = List.copyOf(missing);
        }

        /**
         * The lines {@code pharos import} prints for a folder (the web import page shows the same): the counts,
         * then each skipped and missing file; {@code prune}: whether missing files' resources were deleted.
         */
        public List<String> describe(boolean prune) {
            List<String> lines = new java.util.ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%d files: %d created, %d updated, %d unchanged, %d failed%s%s",
                    files, created, updated, unchanged, failed, skippedSummary(),
                    missing.isEmpty() ? "" : ", " + missing.size() + " missing" + (prune ? " (" + pruned + " deleted)" : "")));
            skipped.forEach(f -> lines.add("skipped " + f.path() + ": " + f.reason()));
            missing.forEach(f -> lines.add((prune ? "deleted (file gone) " : "missing ") + f));
            if (!missing.isEmpty() && !prune) {
                lines.add(missing.size() + " files imported before are gone; their resources are kept (--prune deletes them)");
            }
            return lines;
        }

        /** ", 3 skipped (2 unsupported extension, 1 binary (NUL bytes))", or nothing when none was skipped. */
        private String skippedSummary() {
            if (skipped.isEmpty()) return "";
            StringBuilder b = new StringBuilder(", " + skipped.size() + " skipped (");
            skippedByReason().forEach((reason, n) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(n).append(' ').append(reason));
            return b.append(')').toString();
        }

        /** How many files were skipped for each reason, in order of first appearance. */
        public java.util.Map<String, Long> skippedByReason() {
            return skipped.stream().collect(java.util.stream.Collectors.groupingBy(SkippedFile::reason,
                    java.util.LinkedHashMap::new, java.util.stream.Collectors.counting()));
        }
    }

    /** A file the import did not read, and why. */
    public record SkippedFile(String path, String reason) {}

    /** Progress of one file: its relative path and what happened. */
    public record Progress(String path, String outcome) {}

    private final Database database;
    private final ResourceService resources;
    private final ImportedFiles files = new ImportedFiles();

    public DirectoryImporter(Database database, ResourceService resources) {
        this.database = database;
        this.resources = resources;
    }

    public static boolean isDocument(Path p) {
        return DocumentFiles.isDocument(p);
    }

    /** The document files under {@code dir} an import reads (no links followed), sorted. */
    public static List<Path> files(Path dir, boolean followInTreeLinks) {
        return DocumentFiles.list(dir, followInTreeLinks).documents();
    }

    public Summary importDirectory(Path dir, Consumer<Progress> progress) {
        return importDirectory(dir, false, false, progress);
    }

    /**
     * Imports the documents under {@code dir}; links are followed only with {@code followInTreeLinks}, and
     * only inside {@code dir}. Files an earlier import of this folder read that are gone now are reported,
     * and with {@code prune} their resources are deleted.
     */
    public Summary importDirectory(Path dir, boolean followInTreeLinks, boolean prune, Consumer<Progress> progress) {
        return importDirectory(dir, root(dir), followInTreeLinks, prune, progress);
    }

    /**
     * Imports files uploaded through the web page, saved under {@code dir} with their relative paths: like a
     * folder, except that the upload is not remembered as a folder (a later upload of fewer files reports none missing).
     */
    public Summary importUpload(Path dir, Consumer<Progress> progress) {
        return importDirectory(dir, null, false, false, progress);
    }

    /** {@code root}: the folder's name in {@code imported_files}, or null to record nothing. */
    private Summary importDirectory(Path dir, String root, boolean followInTreeLinks, boolean prune, Consumer<Progress> progress) {
        DocumentFiles.Listing listing = DocumentFiles.list(dir, followInTreeLinks);
        java.util.Map<String, ResourceId> recorded = root == null ? java.util.Map.of() : database.read(h -> files.recorded(h, root));
        java.util.Set<String> present = new java.util.HashSet<>();
        listing.skipped().forEach(s -> present.add(s.path()));
        List<SkippedFile> skipped = new java.util.ArrayList<>();
        listing.skipped().forEach(s -> skipped.add(new SkippedFile(s.path(), s.reason())));
        int created = 0, updated = 0, unchanged = 0, failed = 0;
        for (Path file : listing.documents()) {
            String source = DocumentFiles.relative(dir, file);
            present.add(source);
            String outcome;
            try {
                outcome = importFile(file, source, root, recorded.get(source));
            } catch (DocumentFiles.NotTextException e) {
                skipped.add(new SkippedFile(source, e.getMessage()));
                outcome = "skipped";
            } catch (PharosException | IOException e) {
                log.warn("import of {} failed: {}", LogSafe.text(String.valueOf(source)), LogSafe.describe(e));
                outcome = "failed";
            }
            switch (outcome) {
                case "created" -> created++;
                case "updated" -> updated++;
                case "unchanged" -> unchanged++;
                case "skipped" -> { }
                default -> failed++;
            }
            progress.accept(new Progress(source, outcome));
        }
        int read = created + updated + unchanged + failed;
        List<String> missing = new java.util.ArrayList<>();
        int pruned = 0;
        for (var file : recorded.entrySet()) {
            if (present.contains(file.getKey())) continue;
            missing.add(file.getKey());
            if (prune && delete(file.getValue())) pruned++;
        }
        return new Summary(read, created, updated, unchanged, failed, skipped, missing, pruned);
    }

    /** The folder's real path: the same folder reached another way is the same import. */
    private static String root(Path dir) {
        try {
            return dir.toRealPath().toString();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize().toString();
        }
    }

    private boolean delete(ResourceId id) {
        try {
            resources.delete(id);
            return true;
        } catch (io.pharos.common.NotFoundException e) {
            return false;   // deleted meanwhile: its record went with it
        }
    }

    /** {@code known}: the resource this folder's import recorded for the file, or null. */
    private String importFile(Path file, String source, String root, ResourceId known) throws IOException, DocumentFiles.NotTextException {
        String raw = DocumentFiles.read(file, MAX_FILE_BYTES);
        DocumentText.Extracted doc = DocumentText.of(file.getFileName().toString(), raw);
        String type = file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.html?$") ? "webpage" : "document";
        java.util.Optional<Resource> existing = resources.findBySource(source);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("title", doc.title());
        body.put("content", doc.text());
        if (existing.isEmpty()) {
            body.put("source", source);
            body.put("type", type);
            record(root, source, resources.create(ResourceInput.read(body, true)).id());
            return "created";
        }
        Resource current = existing.get();
        if (!current.id().equals(known)) record(root, source, current.id());
        if (current.title().equals(doc.title()) && doc.text().equals(current.content())) return "unchanged";
        resources.patch(current.id(), ResourceInput.read(body, false), current.version());
        return "updated";
    }

    private void record(String root, String source, ResourceId id) {
        if (root == null) return;
        database.write(h -> {
            files.record(h, root, source, id);
            return null;
        });
    }
}
