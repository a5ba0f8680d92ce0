package io.pharos.db.postgres;

import io.pharos.db.CommitPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresReplicationTest {

    private static String boundary(String insert) {
        return new CommitPosition(PostgresReplication.boundary(CommitPosition.parse(insert).value())).toString();
    }

    @Test
    void an_insert_position_right_after_a_page_header_is_the_page_boundary_a_replica_reports() {
        assertThat(boundary("0/3000028")).as("segment start: long header").isEqualTo("0/3000000");
        assertThat(boundary("0/3002018")).as("page start: short header").isEqualTo("0/3002000");
    }

    @Test
    void any_other_insert_position_is_kept() {
        assertThat(boundary("0/3000148")).isEqualTo("0/3000148");
        assertThat(boundary("0/3002020")).isEqualTo("0/3002020");
        assertThat(boundary("0/3000018")).isEqualTo("0/3000018");
    }
}
