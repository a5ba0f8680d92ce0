package io.pharos.interaction;

import io.pharos.common.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Opaque keyset cursor over (created_at, id) for newest-first listings: base64url of "epoch-millis:uuid". */
record InteractionCursor(Instant createdAt, UUID id) {
    private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The position after which to list, or null without a cursor. */
    static InteractionCursor decode(String cursor) {
        if (cursor == null) return null;
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            long millis = Long.parseLong(s.substring(0, colon));
            if (millis < 0 || millis > MAX_MILLIS) throw new IllegalArgumentException("out of range");
            return new InteractionCursor(Instant.ofEpochMilli(millis), UUID.fromString(s.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw InvalidInputException.badRequest("cursor", "is not a cursor this server issued");
        }
    }
}
