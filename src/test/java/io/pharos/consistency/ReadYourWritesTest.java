package io.pharos.consistency;

import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The read-your-writes headers on any library; with read replicas configured see ReadReplicaTest. */
class ReadYourWritesTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void a_min_lsn_that_is_not_a_commit_position_is_a_400_naming_the_header() {
        Api api = server.api();
        for (String bad : new String[] {"yesterday", "0/", "/10", "G/1", "123456789/0", "0/3000148 OR 1=1"}) {
            assertProblem(api.send("GET", "/api/v1/resources", Map.of(ReadYourWrites.MIN_HEADER, bad), null), 400, ReadYourWrites.MIN_HEADER);
        }
    }

    @Test
    void a_min_lsn_is_taken_on_every_read_and_write() {
        Api api = server.api();
        assertThat(api.send("GET", "/api/v1/resources", Map.of(ReadYourWrites.MIN_HEADER, "0/3000148"), null).status()).isEqualTo(200);
        Api.Response created = api.send("POST", "/api/v1/resources", Map.of(ReadYourWrites.MIN_HEADER, "16/B374D848",
                "Content-Type", "application/json"), Api.json(Map.of("title", "t")));
        assertThat(created.status()).isEqualTo(201);
        // positions are tracked only where replicas could answer reads: nothing to report otherwise
        if (!TestDatabase.withReplica()) assertThat(created.header(ReadYourWrites.COMMIT_HEADER)).isNull();
    }
}
