package io.pharos.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What an answer depends on, hashed: the kind of request and its parsed, normalised values (defaults
 * applied, filters as records: the GET and POST forms of one search share a key), plus the caller wherever
 * what they may see changes the answer ({@link #forCaller}). Written as one JSON array, so no two different
 * requests can write the same text.
 */
public record CacheKey(String kind, String hash) {
    private static final ObjectMapper JSON = io.pharos.common.Jsons.mapper();

    /** A key shared by every caller: the answer is the same whoever asks. */
    public static CacheKey of(String kind, Object... parts) {
        return new CacheKey(kind, hash(kind, Arrays.asList(parts)));
    }

    /** A key for {@code caller} alone (e.g. a search inside a collection whose visibility decides who may read it). */
    public static CacheKey forCaller(Principal caller, String kind, Object... parts) {
        List<Object> all = new ArrayList<>(Arrays.asList(parts));
        all.add("caller");
        all.add(caller == null ? null : caller.userId().toString());
        all.add(caller == null ? null : caller.role().name());
        return new CacheKey(kind, hash(kind, all));
    }

    private static String hash(String kind, List<Object> parts) {
        List<Object> all = new ArrayList<>(parts.size() + 1);
        all.add(kind);
        all.addAll(parts);
        try {
            byte[] text = JSON.writeValueAsBytes(all);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot make a cache key: " + e.getMessage(), e);
        }
    }

    /** The Redis key's last part. */
    String suffix() {
        return kind + ":" + hash;
    }
}
