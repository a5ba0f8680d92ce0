package io.pharos.migrate;

import io.pharos.Library;
import io.pharos.Pharos;
import io.pharos.config.SettingsLoader;
import io.pharos.db.Part;
import io.pharos.testing.Api;
import io.pharos.testing.Cli;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A single SQLite library becomes a split deployment ({@code pharos migrate --part}: content to PostgreSQL,
 * configuration to a new SQLite file) and then one SQLite library again: every table of each part arrives
 * with equal checksums both ways, and servers on the three layouts answer the same reads and searches
 * (those of {@link FullLibraryRoundTripTest}, with the same API key). Needs PostgreSQL: postgresql and split runs.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class SplitRoundTripTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    @Test
    void a_single_sqlite_library_goes_to_a_split_deployment_and_back_with_equal_checksums_and_answers() {
        String single = dbs.sqlite(), content = dbs.postgres(), config = dbs.sqlite(), back = dbs.sqlite();
        Map<String, String> answers;
        String key;
        try (Pharos server = start(single, null)) {
            key = FullLibraryRoundTripTest.ok(new Api(server.port()).post("/api/v1/keys", "{\"name\":\"owner laptop\"}"), 201).get("key").asText();
            FullLibraryRoundTripTest.populate(new Api(server.port(), key));
            FullLibraryRoundTripTest.importFolder(server, dbs.dir());
            FullLibraryRoundTripTest.awaitEmbeddings(server);
            answers = FullLibraryRoundTripTest.answers(server, key);
        }

        MigrationReport toContent = part(single, content, Part.CONTENT);
        MigrationReport toConfig = part(single, config, Part.CONFIGURATION);
        assertThat(toContent.tables()).extracting(MigrationReport.TableReport::table)
                .containsExactlyInAnyOrderElementsOf(Library.copiedTablesOf(Part.CONTENT, SettingsLoader.load(Map.of(), null, Map.of()).search())).doesNotContain("users", "api_keys", "monitors");
        assertThat(toConfig.tables()).extracting(MigrationReport.TableReport::table)
                .containsExactlyInAnyOrderElementsOf(Library.tablesOf(Part.CONFIGURATION));
        for (MigrationReport r : new MigrationReport[] {toContent, toConfig}) {
            assertThat(r.tables()).allSatisfy(t -> {
                assertThat(t.migrated()).as(t.table()).isEqualTo(t.sourceRows());
                assertThat(t.checksumMatch()).as(t.table()).isTrue();
            });
        }
        assertThat(toConfig.notes()).anyMatch(n -> n.contains("the target now holds the configuration part"));

        try (Pharos server = start(content, config)) {
            assertThat(server.library().databases().isSplit()).isTrue();
            assertThat(FullLibraryRoundTripTest.answers(server, key)).as("answers on the split deployment, same key").isEqualTo(answers);
            assertThat(new Api(server.port()).get("/health/ready").json().at("/layout").asText()).isEqualTo("split");
        }
        Cli.Run check = Cli.run("db", "check", "--database-url", content, "--config-database-url", config);
        assertThat(check.exit()).as(check.out()).isZero();

        MigrationReport backConfig = part(config, back, Part.CONFIGURATION);
        MigrationReport backContent = part(content, back, Part.CONTENT);
        assertThat(backContent.notes()).anyMatch(n -> n.contains("(a whole library)"));
        Map<String, String> forward = checksums(toContent, toConfig), backward = checksums(backContent, backConfig);
        assertThat(backward).as("checksums back in one SQLite library equal the original's").isEqualTo(forward);

        try (Pharos server = start(back, null)) {
            assertThat(server.library().databases().isSplit()).isFalse();
            assertThat(FullLibraryRoundTripTest.answers(server, key)).as("answers on one SQLite library again").isEqualTo(answers);
        }
    }

    private static Pharos start(String url, String configUrl) {
        Map<String, String> flags = new HashMap<>(Map.of("DATABASE_URL", url, "PHAROS_PORT", "0", "PHAROS_DATA_DIR", dbs.dir().toString(),
                "PHAROS_ALLOW_HTTP_BOOTSTRAP", "true"));
        if (configUrl != null) flags.put("PHAROS_CONFIG_DATABASE_URL", configUrl);
        return Pharos.start(SettingsLoader.load(Map.of(), null, flags));
    }

    private static MigrationReport part(String from, String to, Part part) {
        return Library.migratePart(SettingsLoader.load(Map.of(), null, Map.of()).search(),
                new MigrateOptions(from, to, false, false, false, null, null, 50, MigrateOptions.OnError.ABORT, null, null, 0), part, Progress.silent());
    }

    private static Map<String, String> checksums(MigrationReport... reports) {
        Map<String, String> sums = new HashMap<>();
        for (MigrationReport r : reports) r.tables().forEach(t -> sums.put(t.table(), t.targetChecksum()));
        return sums;
    }
}
