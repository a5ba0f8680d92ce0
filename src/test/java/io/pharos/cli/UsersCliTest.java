package io.pharos.cli;

import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pharos.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

class UsersCliTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void users_and_keys_are_created_listed_and_revoked_from_the_command_line() {
        String url = testDb.url();
        io.pharos.testing.Cli.Run created = run("users", "create", "--name", "Ada", "--email", "ada@example.org", "--role", "admin", "--database-url", url);
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("ada@example.org", "admin");

        io.pharos.testing.Cli.Run dup = run("users", "create", "--name", "Ada", "--email", "ada@example.org", "--database-url", url);
        assertThat(dup.exit()).as("already exists: refused").isEqualTo(6);
        assertThat(dup.err()).contains("already exists");

        assertThat(run("users", "list", "--database-url", url).out()).contains("ada@example.org").doesNotContain("owner@localhost");

        io.pharos.testing.Cli.Run key = run("keys", "create", "--user", "ada@example.org", "--name", "laptop", "--database-url", url);
        assertThat(key.exit()).as(key.err()).isZero();
        Matcher m = Pattern.compile("key id (\\S+)").matcher(key.out());
        assertThat(m.find()).isTrue();
        String keyId = m.group(1);
        String token = key.out().lines().filter(l -> l.startsWith("pharos_")).findFirst().orElseThrow();

        io.pharos.testing.Cli.Run list = run("keys", "list", "--database-url", url);
        assertThat(list.out()).contains(keyId, "active", "laptop").doesNotContain(token);

        io.pharos.testing.Cli.Run revoke = run("keys", "revoke", keyId, "--database-url", url);
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(run("keys", "list", "--user", "ada@example.org", "--database-url", url).out()).contains("revoked");

        assertThat(run("keys", "create", "--user", "nobody@example.org", "--database-url", url).exit()).as("not found: refused").isEqualTo(6);
        assertThat(run("users", "create", "--name", "X", "--email", "x@example.org", "--role", "root", "--database-url", url).err()).contains("admin or user");
    }
}
