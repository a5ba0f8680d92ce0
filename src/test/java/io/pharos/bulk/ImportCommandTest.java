package io.pharos.bulk;

import io.pharos.testing.Cli;
import static io.pharos.testing.Cli.run;
import io.pharos.db.Database;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImportCommandTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();



    private long count(String type) {
        try (Database db = Database.open(testDb.settings())) {
            return db.read(h -> h.createQuery("SELECT count(*) FROM resources WHERE type = :t").bind("t", type).mapTo(Long.class).one());
        }
    }

    @Test
    void bad_lines_are_reported_by_number_and_the_rest_is_imported() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2500; i++) lines.add("{\"id\":\"00000000-0000-4000-8000-" + String.format("%012d", i) + "\",\"title\":\"import " + i + "\",\"type\":\"imported\"}");
        lines.set(9, "{not json");
        lines.set(1499, "{\"title\":\"\",\"type\":\"imported\"}");
        lines.add("");
        lines.add("{\"title\":\"last\",\"type\":\"imported\",\"quality_score\":7}");
        Path file = testDb.dir().resolve("resources.jsonl");
        Files.write(file, lines);

        Cli.Run r = run("import", file.toString(), "--database-url", testDb.url());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("line 10: is not valid JSON", "line 1500: title:", "line 2502: quality_score:");
        assertThat(r.out()).contains("imported 2498, updated 0, skipped 0, failed 3");
        assertThat(count("imported")).isEqualTo(2498);

        // again: the lines with an id are skipped, the one without is new
        Cli.Run again = run("import", file.toString(), "--database-url", testDb.url());
        assertThat(again.out()).contains("imported 0, updated 0, skipped 2498, failed 3");
    }

    @Test
    void a_line_without_an_id_updates_the_resource_its_doi_identifier_or_source_names() throws Exception {
        Path file = testDb.dir().resolve("keys.jsonl");
        Files.write(file, List.of(
                "{\"title\":\"by doi\",\"type\":\"keyed\",\"doi\":\"10.1000/keyed.1\"}",
                "{\"title\":\"by identifier\",\"type\":\"keyed\",\"identifier\":\"isbn:keyed-2\"}",
                "{\"title\":\"by source\",\"type\":\"keyed\",\"source\":\"https://example.org/keyed/3\"}",
                "{\"title\":\"by doi, again in the same file\",\"type\":\"keyed\",\"doi\":\"10.1000/keyed.1\"}"));
        Cli.Run first = run("import", file.toString(), "--no-progress", "--database-url", testDb.url());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).as("the later line with the same DOI counts").contains("imported 3, updated 0, skipped 1, failed 0");
        assertThat(count("keyed")).isEqualTo(3);

        // a killed import run again: nothing duplicated, nothing changed
        Cli.Run again = run("import", file.toString(), "--no-progress", "--database-url", testDb.url());
        assertThat(again.out()).contains("imported 0, updated 0, skipped 4, failed 0");
        assertThat(count("keyed")).isEqualTo(3);

        Files.write(file, List.of(
                "{\"title\":\"by doi v2\",\"type\":\"keyed\",\"doi\":\"10.1000/keyed.1\"}",
                "{\"title\":\"by identifier v2\",\"type\":\"keyed\",\"identifier\":\"isbn:keyed-2\"}",
                "{\"title\":\"by source v2\",\"type\":\"keyed\",\"source\":\"https://example.org/keyed/3\"}"));
        Cli.Run changed = run("import", file.toString(), "--no-progress", "--database-url", testDb.url());
        assertThat(changed.out()).contains("imported 0, updated 3, skipped 0, failed 0");
        assertThat(count("keyed")).isEqualTo(3);
        try (Database db = Database.open(testDb.settings())) {
            List<String> titles = db.read(h -> h.createQuery("SELECT title FROM resources WHERE type = 'keyed' ORDER BY title").mapTo(String.class).list());
            assertThat(titles).containsExactly("by doi v2", "by identifier v2", "by source v2");
            long version = db.read(h -> h.createQuery("SELECT max(version) FROM resources WHERE type = 'keyed'").mapTo(Long.class).one());
            assertThat(version).isEqualTo(2);
        }
    }

    @Test
    void on_error_stop_stops_at_the_first_bad_line() throws Exception {
        Path file = testDb.dir().resolve("stop.jsonl");
        Files.write(file, List.of("{\"title\":\"a\",\"type\":\"stopper\"}", "{\"title\":\"b\",\"type\":\"stopper\"}",
                "{\"type\":\"stopper\"}", "{\"title\":\"d\",\"type\":\"stopper\"}"));
        Cli.Run r = run("import", file.toString(), "--on-error=stop", "--database-url", testDb.url());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("line 3: title:");
        assertThat(r.out()).contains("imported 2, updated 0, skipped 0, failed 1 (stopped at the first error)");
        assertThat(count("stopper")).isEqualTo(2);
    }

    @Test
    void a_missing_file_or_bad_option_is_one_clear_line() {
        Cli.Run missing = run("import", testDb.dir().resolve("nope.jsonl").toString(), "--database-url", testDb.url());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
        Cli.Run bad = run("import", "x.jsonl", "--on-error=maybe", "--database-url", testDb.url());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--on-error");
    }
}
