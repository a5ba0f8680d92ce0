package io.pharos.cli;

import io.pharos.testing.Cli;
import static io.pharos.testing.Cli.run;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();



    @Test
    void serve_on_a_port_in_use_says_so_in_one_line_and_exits_2() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Run r = run("serve", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()), "--database-url", testDb.url());
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().filter(l -> l.startsWith("error:")).toList()).singleElement().asString()
                    .contains("PHAROS_PORT", String.valueOf(taken.getLocalPort()), "already in use");
            assertThat(r.err()).as("no stack trace").doesNotContain("\tat ");
            assertThat(r.err()).as("no GPU probing noise on a machine without one").doesNotContain("CUDA", "CudaUtils");
        }
    }

    @Test
    void settings_lists_every_setting_with_its_source_and_masks_secrets() {
        Cli.Run r = run("settings", "--database-url", "postgresql://pharos:s3cret-pw@db.example.org:5432/lib");
        assertThat(r.exit()).as(r.err()).isZero();
        for (String name : io.pharos.config.Settings.DEFAULTS.keySet()) assertThat(r.out()).contains(name);
        assertThat(r.out()).containsPattern("DATABASE_URL\\s+flag\\s+postgresql://pharos:\\*\\*\\*@db.example.org:5432/lib")
                .containsPattern("PHAROS_PORT\\s+default\\s+8080")
                .contains("settings are valid")
                .contains("shared cache: off (PHAROS_REDIS_URL is empty)")
                .doesNotContain("s3cret-pw");
        Cli.Run bad = run("settings", "--data-dir", "/tmp", "--database-url", "mysql://x");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("DATABASE_URL");
    }

    @Test
    void help_lists_every_command() {
        Cli.Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("serve", "db");
        Cli.Run db = run("db", "--help");
        assertThat(db.out()).contains("upgrade", "downgrade", "status", "history");
        assertThat(run("db", "downgrade", "--help").out()).contains("--count", "--to", "--all", "--database-url");
        assertThat(run("serve", "--help").out()).contains("--host", "--port", "127.0.0.1", "8080");
    }

    @Test
    void db_commands_upgrade_report_and_downgrade() {
        String url = testDb.url();
        Cli.Run up = run("db", "upgrade", "--database-url", url);
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(up.out()).containsPattern("schema is at v\\d{3}");

        Cli.Run status = run("db", "status", "--database-url", url);
        assertThat(status.out()).containsPattern("current version: v\\d{3}").contains("pending changesets: 0");

        Cli.Run history = run("db", "history", "--database-url", url);
        assertThat(history.out()).contains("[tag v001]");

        Cli.Run previous = run("db", "downgrade", "--database-url", url);
        assertThat(previous.exit()).as(previous.err()).isZero();
        assertThat(previous.out()).containsPattern("schema is at v\\d{3}");
        assertThat(run("db", "status", "--database-url", url).out()).doesNotContain("pending changesets: 0");
        assertThat(run("db", "upgrade", "--database-url", url).exit()).isZero();

        Cli.Run down = run("db", "downgrade", "--all", "--database-url", url);
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(run("db", "status", "--database-url", url).out()).doesNotContain("pending changesets: 0");
        Cli.Run all = run("db", "downgrade", "--all", "--database-url", url);
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).contains("no version");
        assertThat(run("db", "status", "--database-url", url).out()).contains("current version: none");
        assertThat(run("db", "upgrade", "--database-url", url).exit()).isZero();
    }

    @Test
    void bad_database_url_is_one_line_naming_the_setting_and_exits_non_zero() {
        Cli.Run r = run("db", "status", "--database-url", "mysql://root:topsecret@localhost/x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: DATABASE_URL:").contains("postgresql://").doesNotContain("topsecret");
    }

    @Test
    void unreachable_postgres_is_a_clear_error_without_the_password() {
        Cli.Run r = run("db", "status", "--database-url", "postgresql://u:topsecret@127.0.0.1:1/none");
        assertThat(r.exit()).as("database unavailable").isEqualTo(5);
        assertThat(r.err()).startsWith("error: cannot connect to").doesNotContain("topsecret");
    }

    @Test
    void a_failed_migration_has_its_own_exit_code_and_a_bad_option_exits_2() throws Exception {
        java.nio.file.Path dir = testDb.dir();
        // an SQLite file that is not a Pharos library (migrate refuses a missing source file before this)
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("plain.db"));
             var st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT)");
        }
        String notALibrary = "sqlite:" + dir.resolve("plain.db");
        String target = "sqlite:" + dir.resolve("target.db");
        Cli.Run failed = run("migrate", "--from", notALibrary, "--to", target);
        assertThat(failed.exit()).as(failed.err()).isEqualTo(ExitCodes.MIGRATION_FAILED).isEqualTo(3);
        assertThat(failed.err()).startsWith("error: ").contains("has no Pharos schema version");

        assertThat(run("migrate", "--from", notALibrary, "--to", target, "--no-such-option").exit()).isEqualTo(2);
        Cli.Run badValue = run("migrate", "--from", notALibrary, "--to", target, "--batch-size", "0");
        assertThat(badValue.exit()).isEqualTo(ExitCodes.USAGE).isEqualTo(2);
        assertThat(badValue.err()).contains("--batch-size");
    }
}
