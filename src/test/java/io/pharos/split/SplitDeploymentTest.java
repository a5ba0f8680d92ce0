package io.pharos.split;

import io.pharos.Library;
import io.pharos.Pharos;
import io.pharos.auth.Principal;
import io.pharos.auth.Role;
import io.pharos.auth.UserId;
import io.pharos.collection.CollectionInput;
import io.pharos.common.ConfigurationException;
import io.pharos.common.NotFoundException;
import io.pharos.config.Settings;
import io.pharos.config.SettingsLoader;
import io.pharos.db.Database;
import io.pharos.db.Databases;
import io.pharos.db.Part;
import io.pharos.db.SchemaMigrator;
import io.pharos.testing.Api;
import io.pharos.testing.Cli;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The split deployment (PHAROS_CONFIG_DATABASE_URL): configuration in an SQLite file, content in PostgreSQL.
 * Builds its own layouts on scratch databases, so it runs in the postgresql and split runs alike.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class SplitDeploymentTest {
    @RegisterExtension
    static final ScratchDatabases scratch = new ScratchDatabases();

    static Settings settings(String content, String config, Map<String, String> more) {
        return settings(scratch.dir(), content, config, more);
    }

    /** A server's settings over {@code content} and (null: none) the configuration part {@code config}. */
    static Settings settings(java.nio.file.Path dataDir, String content, String config, Map<String, String> more) {
        Map<String, String> flags = new HashMap<>();
        flags.put("DATABASE_URL", content);
        if (config != null) flags.put("PHAROS_CONFIG_DATABASE_URL", config);
        flags.put("PHAROS_DATA_DIR", dataDir.toString());
        flags.put("PHAROS_PORT", "0");
        flags.put("PHAROS_HOST", "127.0.0.1");
        flags.put("PHAROS_EMBEDDINGS", "none");
        flags.putAll(more);
        return SettingsLoader.load(Map.of(), null, flags);
    }

    private static long count(Database db, String table) {
        return db.read(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void users_and_keys_live_in_the_sqlite_file_and_resources_in_postgresql() {
        String content = scratch.postgres(), config = scratch.sqlite();
        try (Pharos server = Pharos.start(settings(content, config, Map.of()))) {
            Databases dbs = server.library().databases();
            assertThat(dbs.isSplit()).isTrue();
            assertThat(dbs.of(Part.CONFIGURATION).dialect().name()).isEqualTo("sqlite");
            assertThat(dbs.of(Part.CONTENT).dialect().name()).isEqualTo("postgresql");
            var admin = server.library().users().create("Ada", "ada@example.org", Role.ADMIN, false);
            String key = server.library().users().createKey(admin.user().id(), "k").key();
            Api api = new Api(server.port(), key);
            var created = api.post("/api/v1/resources", Api.json(Map.of("title", "Split lighthouse", "content", "beacon on the rocks")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            var coll = api.post("/api/v1/collections", Api.json(Map.of("name", "Mine")));
            assertThat(coll.status()).as(coll.body()).isEqualTo(201);

            assertThat(count(dbs.configuration(), "users")).isEqualTo(2);   // Ada and the local owner
            assertThat(count(dbs.configuration(), "api_keys")).isEqualTo(1);
            assertThat(count(dbs.content(), "users")).isZero();
            assertThat(count(dbs.content(), "resources")).isEqualTo(1);
            assertThat(count(dbs.content(), "collections")).isEqualTo(1);
            assertThat(count(dbs.configuration(), "resources")).isZero();
            assertThat(api.get("/api/v1/search?q=beacon").body()).contains("Split lighthouse");

            Cli.Run check = Cli.run("db", "check", "--database-url", content, "--config-database-url", config);
            assertThat(check.exit()).as(check.out() + check.err()).isZero();
            assertThat(check.out()).contains("collections.owner_id -> users: ok (1 rows)").contains("consistent");
        }
    }

    @Test
    void readiness_and_the_database_monitor_show_both_databases() {
        String content = scratch.postgres(), config = scratch.sqlite();
        try (Pharos server = Pharos.start(settings(content, config, Map.of()))) {
            var ready = new Api(server.port()).get("/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            var json = ready.json();
            assertThat(json.at("/layout").asText()).isEqualTo("split");
            assertThat(json.at("/parts/configuration/dialect").asText()).isEqualTo("sqlite");
            assertThat(json.at("/parts/configuration/schema/current").asBoolean()).isTrue();
            assertThat(json.at("/parts/content/dialect").asText()).isEqualTo("postgresql");
            assertThat(json.at("/parts/content/setting").asText()).isEqualTo("DATABASE_URL");
            var monitor = new Api(server.port()).get("/monitoring/database").json();
            assertThat(monitor.at("/layout").asText()).isEqualTo("split");
            assertThat(monitor.at("/parts/configuration/type").asText()).isEqualTo("sqlite");
            assertThat(monitor.at("/parts/configuration/pools").size()).isPositive();
            assertThat(monitor.at("/parts/content/type").asText()).isEqualTo("postgresql");
        }
    }

    @Test
    void the_server_refuses_to_start_with_the_configuration_part_missing() {
        String content = scratch.postgres(), config = scratch.sqlite();
        try (Pharos server = Pharos.start(settings(content, config, Map.of()))) {
            server.library().users().createUser("Ada", "ada@example.org", Role.USER);
        }
        assertThatThrownBy(() -> Pharos.start(settings(content, scratch.sqlite(), Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("PHAROS_CONFIG_DATABASE_URL").hasMessageContaining("configuration part").hasMessageContaining("missing");
        assertThatThrownBy(() -> Pharos.start(settings(scratch.postgres(), config, Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_URL").hasMessageContaining("content part").hasMessageContaining("missing");
        assertThatThrownBy(() -> Pharos.start(settings(content, null, Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("PHAROS_CONFIG_DATABASE_URL").hasMessageContaining("holds only the content part");
    }

    @Test
    void the_server_refuses_to_start_with_a_part_on_the_wrong_schema_version_naming_it() {
        String content = scratch.postgres(), config = scratch.sqlite();
        try (Pharos server = Pharos.start(settings(content, config, Map.of()))) {
            assertThat(server.library().schemas().get(Part.CONFIGURATION).isCurrent()).isTrue();
        }
        try (Database db = Database.open(settings(config, null, Map.of()))) {
            new SchemaMigrator(db).downgradeOneVersion();
        }
        assertThatThrownBy(() -> Pharos.start(settings(content, config, Map.of("PHAROS_AUTO_MIGRATE", "false"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("configuration part's schema").hasMessageContaining("PHAROS_CONFIG_DATABASE_URL");

        Cli.Run status = Cli.run("db", "status", "--database-url", content, "--config-database-url", config);
        assertThat(status.out()).contains("configuration part (PHAROS_CONFIG_DATABASE_URL=").contains("content part (DATABASE_URL=");
        Cli.Run up = Cli.run("db", "upgrade", "--database-url", content, "--config-database-url", config);
        assertThat(up.exit()).as(up.err()).isZero();
        try (Pharos server = Pharos.start(settings(content, config, Map.of("PHAROS_AUTO_MIGRATE", "false")))) {
            assertThat(server.library().schemas().values()).allMatch(SchemaMigrator.Status::isCurrent);
        }
    }

    @Test
    void a_whole_library_is_not_taken_as_one_part() {
        String whole = scratch.postgres();
        try (Pharos server = Pharos.start(settings(whole, null, Map.of()))) {
            server.library().users().createUser("Ada", "ada@example.org", Role.USER);
        }
        assertThatThrownBy(() -> Pharos.start(settings(whole, scratch.sqlite(), Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_URL").hasMessageContaining("holds a whole library");
    }

    @Test
    void a_write_naming_an_unknown_user_is_refused_and_a_dangling_reference_is_reported() {
        String content = scratch.postgres(), config = scratch.sqlite();
        try (Library lib = Library.open(settings(content, config, Map.of()))) {
            Principal ghost = new Principal(new UserId(UUID.randomUUID()), Role.USER);
            assertThatThrownBy(() -> lib.collections().create(ghost, new CollectionInput.Create("Ghost's", null, io.pharos.collection.Visibility.PRIVATE, null)))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("unknown user");
            assertThat(count(lib.databases().content(), "collections")).isZero();

            // what a configuration part restored from an older backup would leave: content naming a user it lacks
            var ada = lib.users().createUser("Ada", "ada@example.org", Role.USER);
            lib.collections().create(new Principal(ada.id(), Role.USER), new CollectionInput.Create("Ada's", null, io.pharos.collection.Visibility.PRIVATE, null));
            lib.databases().configuration().write(h -> h.execute("DELETE FROM users WHERE id = ?", ada.id().value().toString()));
        }
        Cli.Run check = Cli.run("db", "check", "--database-url", content, "--config-database-url", config);
        assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(6);
        assertThat(check.out()).contains("collections.owner_id -> users: DANGLING").contains("inconsistent");
    }
}
