package io.pharos.migrate;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RowHashTest {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

    @Test
    void the_sum_is_addition_modulo_2_to_the_256_in_any_order_and_subtraction_undoes_it() {
        Random r = new Random(1);
        RowHash.Sum sum = new RowHash.Sum();
        RowHash.Sum reversed = new RowHash.Sum();
        BigInteger expected = BigInteger.ZERO;
        byte[][] hashes = new byte[500][32];
        for (byte[] h : hashes) {
            r.nextBytes(h);
            h[0] = (byte) 0xFF;   // force carries out of the top word
            sum.add(h);
            expected = expected.add(new BigInteger(1, h)).mod(MOD);
        }
        for (int i = hashes.length - 1; i >= 0; i--) reversed.add(hashes[i]);
        assertThat(sum.hex()).isEqualTo(String.format("%064x", expected)).isEqualTo(reversed.hex());
        assertThat(new RowHash.Sum(sum.hex()).hex()).isEqualTo(sum.hex());

        for (int i = 0; i < 250; i++) sum.subtract(hashes[i]);
        RowHash.Sum rest = new RowHash.Sum();
        for (int i = 250; i < 500; i++) rest.add(hashes[i]);
        assertThat(sum.hex()).isEqualTo(rest.hex());
        for (int i = 250; i < 500; i++) sum.subtract(hashes[i]);
        assertThat(sum.hex()).isEqualTo(RowHash.Sum.ZERO);
    }
}
