package io.pharos.auth;

import io.pharos.Pharos;
import io.pharos.common.ConfigurationException;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthModesTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void auth_off_on_a_non_loopback_address_is_refused_at_start() {
        assertThatThrownBy(() -> Pharos.start(testDb.settings(Map.of("PHAROS_AUTH", "off", "PHAROS_HOST", "0.0.0.0"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PHAROS_AUTH");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"127.lan", "127.0.0.1.invalid", "0", "0.0.0.0", "::", "[::]"})
    void auth_off_is_refused_on_any_host_that_does_not_resolve_to_loopback(String host) {
        assertThatThrownBy(() -> Pharos.start(testDb.settings(Map.of("PHAROS_AUTH", "off", "PHAROS_HOST", host))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PHAROS_AUTH");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"127.0.0.2", "localhost", "127.1"})
    void auth_off_is_allowed_on_every_loopback_address(String host) {
        try (Pharos p = Pharos.start(testDb.settings(Map.of("PHAROS_AUTH", "off", "PHAROS_HOST", host, "PHAROS_PORT", "0")))) {
            assertThat(p.port()).isPositive();
        }
    }

    @Test
    void an_unknown_auth_mode_names_the_setting() {
        assertThatThrownBy(() -> testDb.settings(Map.of("PHAROS_AUTH", "maybe")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PHAROS_AUTH");
    }

    @Test
    void required_needs_a_key_even_on_loopback_with_no_users() {
        try (Pharos p = Pharos.start(testDb.settings(Map.of("PHAROS_AUTH", "required")))) {
            assertThat(new Api(p.port()).get("/api/v1/resources").status()).isEqualTo(401);
        }
    }

    @Test
    void the_start_line_names_the_auth_mode_and_whether_users_exist() {
        String log;
        try (io.pharos.testing.LogCapture capture = new io.pharos.testing.LogCapture();
             Pharos p = Pharos.start(testDb.settings(Map.of("PHAROS_AUTH", "required")))) {
            log = capture.text();
        }
        assertThat(log).containsPattern("Pharos listening on .*PHAROS_AUTH=required, (no users yet|users exist)");
    }

    @Test
    void auto_beyond_loopback_needs_a_key() {
        try (Pharos p = Pharos.start(testDb.settings(Map.of("PHAROS_HOST", "0.0.0.0")))) {
            assertThat(new Api(p.port()).get("/api/v1/resources").status()).isEqualTo(401);
            UserService users = p.library().users();
            User u = users.createUser("Remote", "remote@example.org", Role.USER);
            String key = users.createKey(u.id(), "k").key();
            assertThat(new Api(p.port(), key).get("/api/v1/resources").status()).isEqualTo(200);
        }
    }

    @Test
    void off_implies_the_local_owner_even_when_users_exist() {
        try (Pharos p = Pharos.start(testDb.settings(Map.of("PHAROS_AUTH", "off")))) {
            p.library().users().createUser("Someone", "someone@example.org", Role.USER);
            Api.Response me = new Api(p.port()).get("/api/v1/users/me");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("role").asText()).isEqualTo("admin");
        }
    }
}
