package io.pharos.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.common.InvalidInputException;
import io.pharos.common.PharosException;
import io.pharos.db.Database;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Imports a folder of documents ({@code .md}, {@code .markdown}, {@code .txt}, {@code .html}, {@code .htm})
 * as resources through {@link ResourceService}, so search indexing follows. Each resource keeps the
 * file's path relative to the folder ({@code /}-separated) in {@code source}: importing again updates
 * the resource with that source (or leaves it alone when title and text are unchanged) instead of
 * adding a duplicate.
 */
public final class DirectoryImporter {
    private static final Logger log = LoggerFactory.getLogger(DirectoryImporter.class);
    private static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

    public record Summary(int files, int created, int updated, int unchanged, int failed) {}

    /** Progress of one file: its relative path and what happened. */
    public record Progress(String path, String outcome) {}

    private final Database database;
    private final ResourceService resources;

    public DirectoryImporter(Database database, ResourceService resources) {
        this.database = database;
        this.resources = resources;
    }

    public static boolean isDocument(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".md") || n.endsWith(".markdown") || n.endsWith(".txt") || n.endsWith(".html") || n.endsWith(".htm");
    }

    /** The document files under {@code dir}, sorted. */
    public static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) throw InvalidInputException.badRequest("DIR", dir + " is not a directory");
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(DirectoryImporter::isDocument).sorted().toList();
        } catch (IOException e) {
            throw InvalidInputException.badRequest("DIR", "cannot read " + dir + ": " + e.getMessage());
        }
    }

    public Summary importDirectory(Path dir, Consumer<Progress> progress) {
        List<Path> files = files(dir);
        int created = 0, updated = 0, unchanged = 0, failed = 0;
        for (Path file : files) {
            String source = dir.relativize(file).toString().replace('\\', '/');
            String outcome;
            try {
                outcome = importFile(file, source);
            } catch (PharosException | IOException e) {
                log.warn("import of {} failed: {}", source, e.getMessage());
                outcome = "failed";
            }
            switch (outcome) {
                case "created" -> created++;
                case "updated" -> updated++;
                case "unchanged" -> unchanged++;
                default -> failed++;
            }
            progress.accept(new Progress(source, outcome));
        }
        return new Summary(files.size(), created, updated, unchanged, failed);
    }

    private String importFile(Path file, String source) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) throw InvalidInputException.field("content", "file larger than 32 MiB");
        String raw = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\0", "");
        DocumentText.Extracted doc = DocumentText.of(file.getFileName().toString(), raw);
        String type = file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.html?$") ? "webpage" : "document";
        List<UUID> existing = database.read(h -> h.createQuery("SELECT id FROM resources WHERE source = :source ORDER BY created_at LIMIT 1")
                .bind("source", source).mapTo(UUID.class).list());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("title", doc.title());
        body.put("content", doc.text());
        if (existing.isEmpty()) {
            body.put("source", source);
            body.put("type", type);
            resources.create(body);
            return "created";
        }
        Resource current = resources.get(new ResourceId(existing.getFirst()));
        if (current.title().equals(doc.title()) && doc.text().equals(current.content())) return "unchanged";
        resources.patch(current.id(), body, current.version());
        return "updated";
    }
}
