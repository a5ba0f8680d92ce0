package io.pharos.db.postgres;

import io.pharos.backup.BackupFailedException;
import io.pharos.config.DatabaseUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgToolsTest {
    @TempDir
    Path dir;

    private void fakeProgram(String name, String versionLine) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\necho '" + versionLine + "'\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void a_missing_pg_dump_names_the_package_to_install() {
        assertThatThrownBy(() -> PgTools.locate("pg_dump", dir, 16))
                .isInstanceOf(BackupFailedException.class)
                .hasMessageContaining("pg_dump was not found").hasMessageContaining("postgresql-client-16");
    }

    @Test
    void a_pg_dump_older_than_the_server_is_refused_naming_the_package() throws Exception {
        fakeProgram("pg_dump", "pg_dump (PostgreSQL) 14.11");
        assertThatThrownBy(() -> PgTools.locate("pg_dump", dir, 16))
                .isInstanceOf(BackupFailedException.class)
                .hasMessageContaining("pg_dump 14").hasMessageContaining("older than the PostgreSQL 16 server")
                .hasMessageContaining("postgresql-client-16");
    }

    @Test
    void a_pg_dump_as_new_as_the_server_or_newer_is_used() throws Exception {
        fakeProgram("pg_dump", "pg_dump (PostgreSQL) 17.2 (Debian 17.2-1)");
        assertThat(PgTools.locate("pg_dump", dir, 16).major()).isEqualTo(17);
        assertThat(PgTools.locate("pg_dump", dir, 17).path()).isEqualTo(dir.resolve("pg_dump"));
    }

    @Test
    void the_password_goes_to_the_environment_and_tls_options_pass_through() {
        Map<String, String> env = PostgresBackups.connectionEnvironment(
                DatabaseUrl.parse("postgresql://pharos:s%40cret@db.example:6543/library?sslmode=verify-full&sslrootcert=/etc/ca.pem"));
        assertThat(env).containsEntry("PGHOST", "db.example").containsEntry("PGPORT", "6543").containsEntry("PGDATABASE", "library")
                .containsEntry("PGUSER", "pharos").containsEntry("PGPASSWORD", "s@cret")
                .containsEntry("PGSSLMODE", "verify-full").containsEntry("PGSSLROOTCERT", "/etc/ca.pem");
    }
}
