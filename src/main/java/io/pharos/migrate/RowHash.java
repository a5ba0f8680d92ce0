package io.pharos.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.migrate.bulk.BadValueException;
import io.pharos.migrate.bulk.ColumnType;
import io.pharos.migrate.bulk.Values;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The canonical form of a row, identical whichever database it was read from, and its SHA-256.
 *
 * <p>Each value is written as a type tag and its canonical bytes: UUID as 16 bytes; JSON re-serialized with
 * object keys sorted and numbers as their exact decimal without trailing zeros (jsonb reorders keys and
 * drops whitespace, so the text is not comparable); a timestamp as its instant (epoch seconds + nanos: the
 * offset an SQLite text carried does not change the instant); a naive timestamp as its date-time (with its
 * own type tag, so it never equals an instant); booleans as one byte; integers as 8 bytes;
 * doubles as their IEEE bits; text as UTF-8; vectors as their float32 bits; bytes as they are. A table's
 * checksum is the row count and the sum of row hashes modulo 2^256: independent of the order rows come
 * in (the two databases may collate keys differently), and additive, so rows can be accounted for apart.
 */
final class RowHash {
    private final List<ColumnType> types;
    private final List<String> names;
    private final MessageDigest sha;
    private final Buffer bytes = new Buffer();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private long total;

    RowHash(List<ColumnType> types, List<String> names) {
        this.types = types;
        this.names = names;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] hash(Object[] row) throws BadValueException {
        bytes.reset();
        try {
            for (int i = 0; i < types.size(); i++) write(types.get(i), names.get(i), row[i]);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        sha.reset();
        total += bytes.size();
        sha.update(bytes.array(), 0, bytes.size());
        return sha.digest();
    }

    private void write(ColumnType type, String name, Object v) throws IOException, BadValueException {
        if (v == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(type.ordinal() + 1);
        switch (type) {
            case UUID -> {
                UUID u = (UUID) v;
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            }
            case JSON -> blob(canonicalJson(Values.json(name, (String) v)).getBytes(StandardCharsets.UTF_8));
            case DATE -> out.writeLong(((java.time.LocalDate) v).toEpochDay());
            case TIMESTAMP -> {
                OffsetDateTime t = (OffsetDateTime) v;
                out.writeLong(t.toEpochSecond());
                out.writeInt(t.getNano());
            }
            case LOCAL_TIMESTAMP -> {
                java.time.LocalDateTime t = (java.time.LocalDateTime) v;
                out.writeLong(t.toEpochSecond(java.time.ZoneOffset.UTC));
                out.writeInt(t.getNano());
            }
            case BOOLEAN -> out.writeByte((Boolean) v ? 1 : 0);
            case INTEGER -> out.writeLong((Long) v);
            case DOUBLE -> out.writeLong(Double.doubleToLongBits((Double) v));
            case TEXT -> blob(((String) v).getBytes(StandardCharsets.UTF_8));
            case VECTOR -> {
                float[] f = (float[]) v;
                out.writeInt(f.length);
                for (float x : f) out.writeInt(Float.floatToIntBits(x));
            }
            case BYTES -> blob((byte[]) v);
        }
    }

    /** A byte buffer whose contents are hashed in place (no copy per row). */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(4096);
        }

        byte[] array() {
            return buf;
        }
    }

    /** Canonical bytes hashed so far: the data volume, the same whichever side was read. */
    long bytes() {
        return total;
    }

    private void blob(byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static String canonicalJson(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        canonical(n, sb);
        return sb.toString();
    }

    private static void canonical(JsonNode n, StringBuilder sb) {
        if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            n.fields().forEachRemaining(fields::add);
            fields.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(fields.get(i).getKey())).append(':');
                canonical(fields.get(i).getValue(), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(',');
                canonical(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isNumber()) {
            java.math.BigDecimal d = n.decimalValue().stripTrailingZeros();
            sb.append(d.signum() == 0 ? "0" : d.toString());
        } else {
            sb.append(n.toString());
        }
    }

    /**
     * An order-independent accumulation of row hashes: count and sum modulo 2^256 (four 64-bit words,
     * most significant first), kept as hex in checkpoints.
     */
    static final class Sum {
        static final String ZERO = "0".repeat(64);
        private long count;
        private final long[] words = new long[4];

        Sum() {
            this(ZERO);
        }

        Sum(String hex) {
            for (int i = 0; i < 4; i++) words[i] = Long.parseUnsignedLong(hex.substring(i * 16, i * 16 + 16), 16);
        }

        void add(byte[] hash) {
            count++;
            long carry = 0;
            for (int i = 3; i >= 0; i--) {
                long h = word(hash, i);
                long s1 = words[i] + h;
                long c1 = Long.compareUnsigned(s1, words[i]) < 0 ? 1 : 0;
                long s2 = s1 + carry;
                long c2 = Long.compareUnsigned(s2, s1) < 0 ? 1 : 0;
                words[i] = s2;
                carry = c1 + c2;
            }
        }

        void subtract(byte[] hash) {
            count--;
            long borrow = 0;
            for (int i = 3; i >= 0; i--) {
                long h = word(hash, i);
                long d1 = words[i] - h;
                long b1 = Long.compareUnsigned(words[i], h) < 0 ? 1 : 0;
                long d2 = d1 - borrow;
                long b2 = Long.compareUnsigned(d1, borrow) < 0 ? 1 : 0;
                words[i] = d2;
                borrow = b1 + b2;
            }
        }

        private static long word(byte[] hash, int i) {
            long w = 0;
            for (int k = 0; k < 8; k++) w = (w << 8) | (hash[i * 8 + k] & 0xFF);
            return w;
        }

        long count() { return count; }

        void set(Sum other) {
            count = other.count;
            System.arraycopy(other.words, 0, words, 0, 4);
        }

        String hex() {
            StringBuilder sb = new StringBuilder(64);
            for (long w : words) sb.append(String.format("%016x", w));
            return sb.toString();
        }
    }
}
