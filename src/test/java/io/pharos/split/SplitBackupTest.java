package io.pharos.split;

import io.pharos.Pharos;
import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.Cli;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pharos backup} and {@code restore} of a split deployment: one command, two files named together
 * (content {@code .dump}, configuration {@code .config.db}), restored each into its part and checked.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class SplitBackupTest {
    @RegisterExtension
    static final ScratchDatabases scratch = new ScratchDatabases();

    @Test
    void one_backup_command_writes_both_parts_named_together_and_restore_brings_both_back_consistent() throws Exception {
        String content = scratch.postgres(), config = scratch.sqlite();
        String key;
        String resources;
        try (Pharos server = Pharos.start(SplitDeploymentTest.settings(scratch.dir(), content, config, Map.of()))) {
            var ada = server.library().users().create("Ada", "ada@example.org", Role.ADMIN, false);
            key = server.library().users().createKey(ada.user().id(), "k").key();
            Api api = new Api(server.port(), key);
            assertThat(api.post("/api/v1/resources", Api.json(Map.of("title", "Backed-up beacon", "content", "light"))).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/collections", Api.json(Map.of("name", "Kept"))).status()).isEqualTo(201);
            resources = api.get("/api/v1/resources").body();
        }
        Path dir = scratch.dir().resolve("backups-" + System.nanoTime());
        Cli.Run backup = Cli.run("backup", "--database-url", content, "--config-database-url", config, "--to", dir.toString());
        assertThat(backup.exit()).as(backup.err()).isZero();
        Path dump;
        try (var files = Files.list(dir)) {
            dump = files.filter(f -> f.getFileName().toString().endsWith(".dump")).findFirst().orElseThrow();
        }
        Path configFile = dump.resolveSibling(dump.getFileName().toString().replace(".dump", ".config.db"));
        assertThat(configFile).isRegularFile();
        assertThat(backup.out()).contains("backup written: " + dump).contains("configuration part written: " + configFile);

        String content2 = scratch.postgres(), config2 = scratch.sqlite();
        Cli.Run restore = Cli.run("restore", dump.toString(), "--database-url", content2, "--config-database-url", config2);
        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains("the two parts are consistent");
        try (Pharos server = Pharos.start(SplitDeploymentTest.settings(scratch.dir(), content2, config2, Map.of()))) {
            Api api = new Api(server.port(), key);
            assertThat(api.get("/api/v1/resources").body()).isEqualTo(resources);
            assertThat(api.get("/api/v1/collections").body()).contains("Kept");
        }

        Files.delete(configFile);
        Cli.Run without = Cli.run("restore", dump.toString(), "--database-url", scratch.postgres(), "--config-database-url", scratch.sqlite());
        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).contains(".config.db").contains("does not exist");
    }
}
