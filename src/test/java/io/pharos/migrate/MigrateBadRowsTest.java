package io.pharos.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A source with each kind of dirt: abort names it precisely; skip migrates the rest and rejects exactly the bad rows. */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class MigrateBadRowsTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    static final String NODE = "INSERT INTO t_nodes (id, parent_id, resource_id, name, flag, n, meta, at, born) VALUES ";
    /** Each bad row, by its key, with the column at fault. */
    static final Map<String, String> DIRT = Map.of(
            "'00000000-0000-0000-0000-000000000001', NULL, NULL, 'bad json', 1, 1, '{\"a\": ', '2026-01-01T00:00:00.000Z', NULL", "meta",
            "'00000000-0000-0000-0000-000000000002', NULL, 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'dangling', 1, 1, '{}', '2026-01-01T00:00:00.000Z', NULL", "resource_id",
            "'00000000-0000-0000-0000-000000000003', NULL, NULL, 'text in boolean', 'yes', 1, '{}', '2026-01-01T00:00:00.000Z', NULL", "flag",
            "'00000000-0000-0000-0000-000000000004', NULL, NULL, 'real in integer', 1, 2.5, '{}', '2026-01-01T00:00:00.000Z', NULL", "n",
            "'NOT-A-UUID', NULL, NULL, 'bad key', 1, 1, '{}', '2026-01-01T00:00:00.000Z', NULL", "id",
            "'00000000-0000-0000-0000-000000000006', NULL, NULL, 'nul' || char(0) || 'byte', 1, 1, '{}', '2026-01-01T00:00:00.000Z', NULL", "name",
            "'00000000-0000-0000-0000-000000000008', NULL, NULL, 'bad time', 1, 1, '{}', 'yesterday', NULL", "at",
            "'00000000-0000-0000-0000-00000000000a', NULL, NULL, 'bad date', 1, 1, '{}', '2026-01-01T00:00:00.000Z', '2026-02-30'", "born");

    private String cleanSource() throws Exception {
        String a = dbs.sqlite();
        Library.create(a);
        Library.populate(a, 30, 40, 7);
        return a;
    }

    private String target() throws Exception {
        String b = dbs.postgres();
        Library.create(b);
        return b;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            meta        | is not valid JSON
            resource_id | references resources(id)
            flag        | where a boolean (0 or 1) belongs
            n           | where an INTEGER belongs
            id          | is not a UUID
            name        | NUL character
            at          | not an ISO-8601 timestamp
            born        | not an ISO-8601 date
            """)
    void abort_names_the_table_key_column_and_reason(String column, String reason) throws Exception {
        String a = cleanSource();
        String row = DIRT.entrySet().stream().filter(e -> e.getValue().equals(column)).findFirst().orElseThrow().getKey();
        Library.exec(a, NODE + "(" + row + ")");
        String key = row.substring(1, row.indexOf('\'', 1));
        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(MigrateRoundTripTest.options(a, target())))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("table t_nodes")
                .hasMessageContaining(key)
                .hasMessageContaining("column " + column)
                .hasMessageContaining(reason);
    }

    @Test
    void skip_migrates_the_rest_and_the_reject_file_holds_exactly_the_bad_rows() throws Exception {
        String a = cleanSource();
        for (String row : DIRT.keySet()) Library.exec(a, NODE + "(" + row + ")");
        // a child of a rejected node dangles once its parent is rejected: it is rejected too, with that reason
        Library.exec(a, NODE + "('00000000-0000-0000-0000-000000000009', '00000000-0000-0000-0000-000000000006', NULL, 'orphan', 1, 1, '{}', '2026-01-01T00:00:00.000Z', NULL)");
        // NUL in a resource's title: PostgreSQL cannot store it
        Library.exec(a, "UPDATE t_nodes SET resource_id = NULL WHERE resource_id = (SELECT min(id) FROM resources)");
        Library.exec(a, "UPDATE resources SET title = 'bad' || char(0) || 'title' WHERE id = (SELECT min(id) FROM resources)");
        String badResource = firstResourceId(a);
        String b = target();
        Path rejects = dbs.dir().resolve("rejects.jsonl");
        Path reportFile = dbs.dir().resolve("report.json");

        MigrationReport report = MigrateRoundTripTest.migrate(new MigrateOptions(a, b, false, false, false, null, null, 16,
                MigrateOptions.OnError.SKIP, rejects, reportFile, 0));

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = Files.readAllLines(rejects).stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        Map<String, String> rejectedNodes = lines.stream().filter(l -> l.get("table").asText().equals("t_nodes"))
                .collect(Collectors.toMap(l -> l.get("key").get("id").asText(), l -> l.path("column").asText("")));
        Map<String, String> expected = DIRT.entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().substring(1, e.getKey().indexOf('\'', 1)), Map.Entry::getValue));
        expected = new java.util.HashMap<>(expected);
        expected.put("00000000-0000-0000-0000-000000000009", "parent_id");
        assertThat(rejectedNodes).isEqualTo(expected);
        assertThat(lines).filteredOn(l -> l.get("table").asText().equals("resources")).singleElement().satisfies(l -> {
            assertThat(l.get("key").get("id").asText()).isEqualTo(badResource);
            assertThat(l.get("column").asText()).isEqualTo("title");
            assertThat(l.get("row").get("title").asText()).isEqualTo("bad\0title");   // the whole row, as in the source
        });
        // the rejected resource's two tags now reference nothing: rejected too, naming the reference
        assertThat(lines).filteredOn(l -> l.get("table").asText().equals("t_tags")).hasSize(2).allSatisfy(l -> {
            assertThat(l.get("key").get("resource_id").asText()).isEqualTo(badResource);
            assertThat(l.get("column").asText()).isEqualTo("resource_id");
            assertThat(l.get("reason").asText()).contains("references resources(id)");
        });
        assertThat(lines).allSatisfy(l -> assertThat(l.get("reason").asText()).isNotBlank());

        // every row accounted for: migrated + rejected = source, checksums over the migrated rows match
        assertThat(report.tables()).allSatisfy(t -> {
            assertThat(t.migrated() + t.rejected()).isEqualTo(t.sourceRows());
            assertThat(t.checksumMatch()).isTrue();
        });
        assertThat(report.rejected()).isEqualTo(lines.size()).isEqualTo(12);
        assertThat(Library.count(b, "t_nodes")).isEqualTo(Library.count(a, "t_nodes") - 9);
        assertThat(Library.count(b, "resources")).isEqualTo(29);
        assertThat(json.readTree(reportFile.toFile()).get("rejected").asLong()).isEqualTo(12);
    }

    private static String firstResourceId(String url) throws Exception {
        try (var c = Library.connect(url); var s = c.createStatement(); var rs = s.executeQuery("SELECT min(id) FROM resources")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
