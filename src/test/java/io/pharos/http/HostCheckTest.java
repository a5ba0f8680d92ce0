package io.pharos.http;

import io.pharos.Pharos;
import io.pharos.common.ConfigurationException;
import io.pharos.testing.RawHttp;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which Host values the server answers, by bind address and PHAROS_ALLOWED_HOSTS. */
class HostCheckTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void on_loopback_only_the_loopback_names_and_the_bind_address_with_the_port() {
        HostCheck c = new HostCheck("127.0.0.2", true, List.of());
        assertThat(c.allows("localhost:8080", 8080)).isTrue();
        assertThat(c.allows("127.0.0.1:8080", 8080)).isTrue();
        assertThat(c.allows("[::1]:8080", 8080)).isTrue();
        assertThat(c.allows("127.0.0.2:8080", 8080)).isTrue();
        assertThat(c.allows("localhost:8081", 8080)).isFalse();
        assertThat(c.allows("localhost", 8080)).isFalse();
        assertThat(c.allows("localhost", 80)).isTrue();
        assertThat(c.allows("evil.example:8080", 8080)).isFalse();
        assertThat(c.allows("[::1]", 8080)).isFalse();
        assertThat(c.allows("::1:8080", 8080)).isFalse();
        assertThat(new HostCheck("::1", true, List.of()).allows("[::1]:9000", 9000)).isTrue();
        assertThat(new HostCheck("localhost", true, List.of()).allows("LOCALHOST:9000", 9000)).isTrue();
    }

    @Test
    void listed_names_match_any_port_and_listed_name_ports_exactly() {
        HostCheck c = new HostCheck("127.0.0.1", true, List.of("pharos.example.org", "proxy.lan:8443", "[fd00::1]"));
        assertThat(c.allows("pharos.example.org", 8080)).isTrue();
        assertThat(c.allows("Pharos.Example.org:443", 8080)).isTrue();
        assertThat(c.allows("proxy.lan:8443", 8080)).isTrue();
        assertThat(c.allows("proxy.lan:8444", 8080)).isFalse();
        assertThat(c.allows("proxy.lan", 8080)).isFalse();
        assertThat(c.allows("[fd00::1]:8080", 8080)).isTrue();
        assertThat(c.allows("evil.example.org", 8080)).isFalse();
        assertThat(c.allows("localhost:8080", 8080)).isTrue();
    }

    @Test
    void beyond_loopback_any_host_unless_listed_and_a_star_turns_the_check_off() {
        assertThat(new HostCheck("0.0.0.0", false, List.of()).allows("anything.example:1", 8080)).isTrue();
        HostCheck listed = new HostCheck("0.0.0.0", false, List.of("pharos.example.org"));
        assertThat(listed.allows("anything.example:8080", 8080)).isFalse();
        assertThat(listed.allows("pharos.example.org", 8080)).isTrue();
        assertThat(listed.allows("localhost:8080", 8080)).isTrue();
        assertThat(listed.allows("0.0.0.0:8080", 8080)).isFalse();
        HostCheck specific = new HostCheck("192.0.2.7", false, List.of("pharos.example.org"));
        assertThat(specific.allows("192.0.2.7:8080", 8080)).isTrue();
        assertThat(new HostCheck("127.0.0.1", true, List.of("*")).allows("evil.example", 8080)).isTrue();
    }

    @Test
    void a_server_bound_to_every_address_answers_any_host_by_default() {
        try (Pharos p = Pharos.start(db.settings(Map.of("PHAROS_HOST", "0.0.0.0")))) {
            assertThat(RawHttp.get(p.port(), "/health", "pharos.example.org:" + p.port()).status()).isEqualTo(200);
        }
    }

    @Test
    void a_server_bound_to_every_address_with_a_list_answers_only_those() {
        try (Pharos p = Pharos.start(db.settings(Map.of("PHAROS_HOST", "0.0.0.0", "PHAROS_ALLOWED_HOSTS", "pharos.example.org, other.example.org")))) {
            assertThat(RawHttp.get(p.port(), "/health", "pharos.example.org").status()).isEqualTo(200);
            assertThat(RawHttp.get(p.port(), "/health", "other.example.org:" + p.port()).status()).isEqualTo(200);
            assertThat(RawHttp.get(p.port(), "/health", "localhost:" + p.port()).status()).isEqualTo(200);
            assertThat(RawHttp.get(p.port(), "/health", "evil.example.org").status()).isEqualTo(421);
        }
    }

    @Test
    void a_loopback_server_with_a_star_answers_any_host() {
        try (Pharos p = Pharos.start(db.settings(Map.of("PHAROS_ALLOWED_HOSTS", "*")))) {
            assertThat(RawHttp.get(p.port(), "/health", "evil.example.org").status()).isEqualTo(200);
        }
    }

    @Test
    void a_malformed_list_names_the_setting() {
        for (String bad : List.of("http://pharos.example.org", "::1", "pharos.example.org/x", "a:b")) {
            assertThatThrownBy(() -> db.settings(Map.of("PHAROS_ALLOWED_HOSTS", bad)))
                    .as(bad).isInstanceOf(ConfigurationException.class).hasMessageContaining("PHAROS_ALLOWED_HOSTS");
        }
        assertThatThrownBy(() -> db.settings(Map.of("PHAROS_ALLOW_HTTP_BOOTSTRAP", "maybe")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PHAROS_ALLOW_HTTP_BOOTSTRAP");
    }
}
