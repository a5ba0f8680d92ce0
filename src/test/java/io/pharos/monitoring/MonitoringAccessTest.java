package io.pharos.monitoring;

import io.pharos.auth.Role;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With authentication on, the database monitor is for administrators only; probes stay open. */
class MonitoringAccessTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required"));

    @Test
    void only_administrators_read_the_database_monitor() {
        var admin = TestUsers.create(server, "Ada Admin", Role.ADMIN);
        var user = TestUsers.create(server, "Uma User", Role.USER);

        assertThat(admin.api().get("/monitoring/database").status()).isEqualTo(200);
        var refused = user.api().get("/monitoring/database");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(server.api().get("/monitoring/database").status()).isEqualTo(401);
    }

    @Test
    void health_and_metrics_need_no_key() {
        assertThat(server.api().get("/health").status()).isEqualTo(200);
        assertThat(server.api().get("/health/ready").status()).isEqualTo(200);
        assertThat(server.api().get("/metrics").status()).isEqualTo(200);
    }
}
