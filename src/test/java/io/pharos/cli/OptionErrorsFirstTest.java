package io.pharos.cli;

import io.pharos.testing.Cli;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's option errors are reported before it opens a database: run against a database that cannot
 * be reached, every bad option still gets its own one-line error naming the option (exit 2), never a
 * connection error. Not about a database, so it runs on SQLite only.
 */
@org.junit.jupiter.api.Tag("sqlite-only")
class OptionErrorsFirstTest {
    static final String UNREACHABLE = "postgresql://u:p@127.0.0.1:1/x";

    record Case(String option, List<String> args) {}

    @Test
    void every_bad_option_is_named_with_exit_2_before_any_database_is_opened(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("lines.jsonl"), "{\"title\":\"x\"}\n");
        Path missing = dir.resolve("missing");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("--on-error", List.of("import", file.toString(), "--on-error", "maybe")));
        cases.add(new Case("FILE.jsonl|DIR", List.of("import", missing.toString())));
        cases.add(new Case("--prune", List.of("import", file.toString(), "--prune")));
        cases.add(new Case("--follow-links", List.of("import", file.toString(), "--follow-links")));
        cases.add(new Case("--role", List.of("users", "create", "--name", "Ada", "--email", "ada@example.org", "--role", "boss")));
        cases.add(new Case("--adopt-local", List.of("users", "create", "--name", "Ada", "--email", "ada@example.org", "--adopt-local")));
        cases.add(new Case("--email", List.of("users", "create", "--name", "Ada", "--email", "not-an-email")));
        cases.add(new Case("--name", List.of("users", "create", "--name", " ", "--email", "ada@example.org")));
        cases.add(new Case("ROLE", List.of("users", "role", "ada@example.org", "boss")));
        cases.add(new Case("--name", List.of("keys", "create", "--user", "ada@example.org", "--name", " ")));
        cases.add(new Case("KEY_ID", List.of("keys", "revoke", "not-an-id")));
        cases.add(new Case("--keep-days", List.of("backup", "--keep-days", "-1")));
        cases.add(new Case("--pg-bin", List.of("backup", "--pg-bin", missing.toString())));
        cases.add(new Case("FILE", List.of("restore", missing.toString())));
        cases.add(new Case("--pg-bin", List.of("restore", file.toString(), "--pg-bin", missing.toString())));
        cases.add(new Case("--count", List.of("db", "downgrade", "--count", "0")));
        cases.add(new Case("--pending", List.of("reindex", "--keyword-only", "--pending")));
        cases.add(new Case("--chunks", List.of("bench", "--chunks", "-5")));
        cases.add(new Case("--queries", List.of("bench", "--queries", "0")));
        cases.add(new Case("--throughput-chunks", List.of("bench", "--throughput-chunks", "-1")));
        cases.add(new Case("--clients", List.of("loadtest", "--clients", "0")));
        cases.add(new Case("--port", List.of("serve", "--port", "70000")));
        cases.add(new Case("--batch-size", List.of("migrate", "--from", UNREACHABLE, "--to", "sqlite:" + dir.resolve("t.db"), "--batch-size", "0")));
        cases.add(new Case("--on-error", List.of("migrate", "--from", UNREACHABLE, "--to", "sqlite:" + dir.resolve("t.db"), "--on-error", "ignore")));
        cases.add(new Case("--truncate", List.of("migrate", "--from", UNREACHABLE, "--to", "sqlite:" + dir.resolve("t.db"), "--resume", "--truncate")));
        cases.add(new Case("--report", List.of("migrate", "--from", UNREACHABLE, "--to", "sqlite:" + dir.resolve("t.db"), "--report", missing.resolve("r.json").toString())));

        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            List<String> args = new ArrayList<>(c.args());
            if (!args.getFirst().equals("migrate")) args.addAll(List.of("--database-url", UNREACHABLE));
            Cli.Run r = Cli.run(args.toArray(String[]::new));
            List<String> errors = r.err().lines().filter(l -> !l.isBlank()).toList();
            softly.assertThat(r.exit()).as(String.join(" ", c.args()) + " exit; stderr: " + r.err()).isEqualTo(2);
            softly.assertThat(errors).as(String.join(" ", c.args()) + " stderr").hasSize(1);
            softly.assertThat(r.err()).as(String.join(" ", c.args()) + " names the option").contains(c.option())
                    .doesNotContain("cannot connect", "127.0.0.1:1");
        }
        softly.assertAll();
    }
}
