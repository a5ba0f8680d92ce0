package io.pharos.collection;

import io.pharos.common.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque keyset cursor over (created_at, id): base64url of "epoch-millis:uuid". */
final class Cursor {
    private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private Cursor() {}

    static String encode(Instant createdAt, UUID id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** {createdAt, id}, both null without a cursor. */
    static Object[] decode(String cursor) {
        if (cursor == null) return new Object[] {null, null};
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            long millis = Long.parseLong(s.substring(0, colon));
            if (millis < 0 || millis > MAX_MILLIS) throw new IllegalArgumentException("out of range");
            return new Object[] {Instant.ofEpochMilli(millis), UUID.fromString(s.substring(colon + 1))};
        } catch (RuntimeException e) {
            throw InvalidInputException.badRequest("cursor", "is not a cursor this server issued");
        }
    }
}
