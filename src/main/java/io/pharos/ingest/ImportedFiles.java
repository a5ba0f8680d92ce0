package io.pharos.ingest;

import io.pharos.resource.ResourceId;
import org.jdbi.v3.core.Handle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** SQL for {@code imported_files}: which resource each file of an imported folder became. */
final class ImportedFiles {
    private static final String RECORD = """
            INSERT INTO imported_files (root, source, resource_id) VALUES (:root, :source, :resource)
            ON CONFLICT (root, source) DO UPDATE SET resource_id = excluded.resource_id""";

    void record(Handle h, String root, String source, ResourceId resource) {
        h.createUpdate(RECORD).bind("root", root).bind("source", source).bind("resource", resource.value()).execute();
    }

    /** The files recorded for {@code root}, by source, in source order. */
    Map<String, ResourceId> recorded(Handle h, String root) {
        Map<String, ResourceId> files = new LinkedHashMap<>();
        h.createQuery("SELECT source, resource_id FROM imported_files WHERE root = :root ORDER BY source").bind("root", root)
                .map((rs, ctx) -> Map.entry(rs.getString(1), ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, 2, ctx)))
                .forEach(e -> files.put(e.getKey(), new ResourceId(e.getValue())));
        return files;
    }
}
