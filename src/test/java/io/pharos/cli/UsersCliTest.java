package io.pharos.cli;

import io.pharos.Library;
import io.pharos.auth.Principal;
import io.pharos.auth.Role;
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
    /** Its own library, so "the last enabled admin" is this test's. */
    @RegisterExtension
    static final TestDatabase managedDb = new TestDatabase();

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

    @Test
    void users_are_disabled_enabled_and_change_role_and_keys_list_their_owner_email() {
        String url = managedDb.url();
        assertThat(run("users", "create", "--name", "Root", "--email", "root@example.org", "--role", "admin", "--database-url", url).exit()).isZero();
        assertThat(run("users", "create", "--name", "Kim", "--email", "kim@example.org", "--database-url", url).exit()).isZero();
        io.pharos.testing.Cli.Run key = run("keys", "create", "--user", "kim@example.org", "--name", "phone", "--database-url", url);
        String token = key.out().lines().filter(l -> l.startsWith("pharos_")).findFirst().orElseThrow();

        assertThat(run("keys", "list", "--database-url", url).out()).contains("kim@example.org", "phone");

        io.pharos.testing.Cli.Run disabled = run("users", "disable", "kim@example.org", "--database-url", url);
        assertThat(disabled.exit()).as(disabled.err()).isZero();
        assertThat(disabled.out()).contains("disabled", "kim@example.org");
        assertThat(run("users", "list", "--database-url", url).out().lines().filter(l -> l.contains("kim@example.org")))
                .singleElement().asString().contains("disabled");
        try (Library library = Library.open(managedDb.settings())) {
            assertThat(library.users().authenticate(token)).as("a disabled user's key").isEmpty();
        }
        assertThat(run("users", "enable", "kim@example.org", "--database-url", url).exit()).isZero();
        try (Library library = Library.open(managedDb.settings())) {
            assertThat(library.users().authenticate(token)).isPresent().get().extracting(Principal::role).isEqualTo(Role.USER);
        }

        io.pharos.testing.Cli.Run promoted = run("users", "role", "kim@example.org", "admin", "--database-url", url);
        assertThat(promoted.exit()).as(promoted.err()).isZero();
        assertThat(promoted.out()).contains("kim@example.org is now admin");
        try (Library library = Library.open(managedDb.settings())) {
            assertThat(library.users().authenticate(token)).get().extracting(Principal::role).isEqualTo(Role.ADMIN);
        }
        assertThat(run("users", "role", "kim@example.org", "root", "--database-url", url).exit()).isEqualTo(2);
        assertThat(run("users", "disable", "nobody@example.org", "--database-url", url).exit()).isEqualTo(6);
        assertThat(run("users", "disable", "owner@localhost", "--database-url", url).exit()).as("the local owner is no user to manage").isEqualTo(6);

        assertThat(run("users", "role", "kim@example.org", "user", "--database-url", url).exit()).isZero();
        io.pharos.testing.Cli.Run last = run("users", "disable", "root@example.org", "--database-url", url);
        assertThat(last.exit()).as("the last enabled admin").isEqualTo(6);
        assertThat(last.err()).contains("last enabled admin");
    }
}
