package io.pharos.cli;

import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pharos migrate} on the command line: plan, run, report; passwords never shown. Needs both databases. */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class MigrateCliTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    private static String withPassword(String url) {
        // the test server trusts local connections, so any password is accepted: it must still never be shown
        return url.replaceFirst("^postgresql://([^:@/]+)(:[^@]*)?@", "postgresql://$1:s3cr3t-pw@");
    }

    @Test
    void help_describes_every_option() {
        io.pharos.testing.Cli.Run r = io.pharos.testing.Cli.run("migrate", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--from", "--to", "--dry-run", "--resume", "--tables", "--exclude", "--batch-size",
                "--on-error", "--reject-file", "--report", "--truncate",
                "--live", "--cutover-when-caught-up", "--cutover", "--abort", "--max-lag", "--hold-lease-ms");
        assertThat(r.out()).doesNotContain("--batch-delay-ms").doesNotContain("--hold-delay-ms");
    }

    @Test
    void migrates_prints_the_report_table_and_writes_json_without_the_password() throws Exception {
        String a = dbs.sqlite();
        assertThat(io.pharos.testing.Cli.run("db", "upgrade", "--database-url", a).exit()).isZero();
        String b = withPassword(dbs.postgres());
        Path report = dbs.dir().resolve("report.json");

        io.pharos.testing.Cli.Run plan = io.pharos.testing.Cli.run("migrate", "--from", a, "--to", b, "--dry-run");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Plan (dry run)", "would upgrade the target schema", "resources");

        io.pharos.testing.Cli.Run run = io.pharos.testing.Cli.run("migrate", "--from", a, "--to", b, "--report", report.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("resources", "match", "total: 0 rows migrated");
        assertThat(Files.readString(report)).contains("\"checksum_match\" : true").doesNotContain("s3cr3t");
        assertThat(run.out() + run.err() + plan.out() + plan.err()).doesNotContain("s3cr3t");

        io.pharos.testing.Cli.Run again = io.pharos.testing.Cli.run("migrate", "--from", a, "--to", b);
        assertThat(again.exit()).as("a refused target: the migration failed").isEqualTo(3);
        assertThat(again.err()).contains("--resume", "--truncate").doesNotContain("s3cr3t");
    }

    @Test
    void live_options_refuse_what_does_not_go_together_naming_the_option() {
        String a = dbs.sqlite();
        assertThat(io.pharos.testing.Cli.run("db", "upgrade", "--database-url", a).exit()).isZero();
        io.pharos.testing.Cli.Run noLive = io.pharos.testing.Cli.run("migrate", "--cutover", "--from", a);
        assertThat(noLive.exit()).isEqualTo(2);
        assertThat(noLive.err()).contains("--cutover needs --live");
        io.pharos.testing.Cli.Run both = io.pharos.testing.Cli.run("migrate", "--live", "--cutover", "--abort", "--from", a);
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--abort");
        io.pharos.testing.Cli.Run noTarget = io.pharos.testing.Cli.run("migrate", "--live", "--from", a);
        assertThat(noTarget.exit()).isEqualTo(2);
        assertThat(noTarget.err()).contains("--to is required");
        io.pharos.testing.Cli.Run selection = io.pharos.testing.Cli.run("migrate", "--live", "--from", a, "--to", dbs.sqlite(), "--tables", "resources");
        assertThat(selection.exit()).isEqualTo(2);
        assertThat(selection.err()).contains("--live moves the whole library");
        io.pharos.testing.Cli.Run nothing = io.pharos.testing.Cli.run("migrate", "--live", "--cutover", "--from", a);
        assertThat(nothing.exit()).as("no live migration under way").isEqualTo(3);
        assertThat(nothing.err()).contains("no live migration");
        io.pharos.testing.Cli.Run offline = io.pharos.testing.Cli.run("migrate", "--from", a);
        assertThat(offline.exit()).isEqualTo(2);
        assertThat(offline.err()).contains("--to is required");
    }

    @Test
    void errors_name_the_option_and_mask_the_password() {
        io.pharos.testing.Cli.Run bad = io.pharos.testing.Cli.run("migrate", "--from", dbs.sqlite(), "--to", "sqlite:/tmp/x.db", "--on-error", "ignore");
        assertThat(bad.exit()).as("a bad option").isEqualTo(2);
        assertThat(bad.err()).contains("--on-error");

        io.pharos.testing.Cli.Run unreachable = io.pharos.testing.Cli.run("migrate", "--from", "postgresql://u:s3cr3t-pw@127.0.0.1:1/nowhere", "--to", dbs.sqlite());
        assertThat(unreachable.exit()).as("database unavailable").isEqualTo(5);
        assertThat(unreachable.err()).contains("127.0.0.1").doesNotContain("s3cr3t");
    }
}
