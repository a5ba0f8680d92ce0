package io.pharos.config;

import io.pharos.testing.Cli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever shape a {@code DATABASE_URL} has, the password in it never reaches an error, a log line or the
 * masked form. Every URL below carries the canary {@code CANARY} (or a part of it) in its password.
 */
class DatabaseUrlMaskingTest {
    private static final String[] CANARY_PARTS = {"CANARY", "CAN", "ARY"};

    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql://bob:CANARY pw@db.example/pharos",           // a space in the password
            "postgresql://bob:CANARY",                                // no @host at all
            "postgresql://bob:CAN@ARY@db.example/pharos",             // a raw @ in the password
            "postgresql://bob:CAN/ARY@db.example/pharos",             // a raw / in the password
            "postgresql://bob:CAN/ARY@/pharos",                       // a / and no host
            "postgresql://bob:CAN?ARY@db.example/pharos",             // a ? in the password
            "postgresql://bob:CAN#ARY@db.example/pharos",             // a # in the password
            "postgresql://bob:CANARY@db.example:notaport/pharos",     // a bad port
            "postgresql://bob:CANARY@",                               // nothing after @
            "postgres://bob:CAN ARY@",                                // a space and nothing after
            "postgresql://:CANARY@db.example",                        // no user, no database
            "postgresql://bob:CANARY@db.example",                     // no database
            "postgresql://bob:CAN%ZZARY@db.example/pharos",           // a broken percent escape
            "postgresql:/bob:CANARY@db.example/pharos",               // one slash: not a URL at all
            "mysql://bob:CANARY@db.example/pharos",                   // an unsupported scheme
            "bob:CANARY@db.example/pharos",                           // no scheme
            "postgresql://bob:CANARY@db.example/pharos?sslmode=x y",  // a space in the options
            "jdbc:postgresql://db.example/pharos?user=bob&password=CANARY",
    })
    void a_malformed_url_never_shows_its_password(String raw) {
        String shown;
        try {
            shown = DatabaseUrl.redact(raw);
        } catch (RuntimeException e) {
            shown = e.getMessage();
            assertThat(shown).startsWith("DATABASE_URL:");
        }
        for (String part : CANARY_PARTS) assertThat(shown).as(raw).doesNotContain(part);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://bob:CAN ARY@db.example/pharos", "postgresql://bob:CAN@ARY@/x", "postgresql://bob:CANARY"})
    void the_cli_error_line_masks_it_too(String raw) {
        Cli.Run run = Cli.run("db", "status", "--database-url", raw);
        assertThat(run.exit()).isNotZero();
        for (String part : CANARY_PARTS) {
            assertThat(run.err()).as(raw).doesNotContain(part);
            assertThat(run.out()).as(raw).doesNotContain(part);
        }
        assertThat(run.err()).contains("DATABASE_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql://bob:s3cret@db.example:5432/pharos", "postgresql://db.example/pharos"})
    void a_valid_url_still_shows_its_host_and_user(String raw) {
        String shown = DatabaseUrl.redact(raw);
        assertThat(shown).contains("db.example").doesNotContain("s3cret");
    }
}
