package io.pharos.config;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The shared response cache. {@code redis} ({@code PHAROS_REDIS_URL}): the Redis server all instances of
 * the library share, or null for no cache; {@code ttl} ({@code PHAROS_CACHE_TTL_SECONDS}): how long an
 * answer is kept at most; {@code timeout} ({@code PHAROS_REDIS_TIMEOUT_MS}): the longest one Redis command
 * (or connecting) may take before the request goes on without the cache.
 */
public record CacheSettings(RedisUrl redis, Duration ttl, Duration timeout) {

    static void defaults(Map<String, String> d) {
        d.put("PHAROS_REDIS_URL", "");
        d.put("PHAROS_CACHE_TTL_SECONDS", "300");
        d.put("PHAROS_REDIS_TIMEOUT_MS", "100");
    }

    static CacheSettings from(Function<String, String> get) {
        String url = get.apply("PHAROS_REDIS_URL");
        return new CacheSettings(url == null || url.isBlank() ? null : RedisUrl.parse(url),
                Duration.ofSeconds(Settings.intIn("PHAROS_CACHE_TTL_SECONDS", get.apply("PHAROS_CACHE_TTL_SECONDS"), 1, 86_400)),
                Duration.ofMillis(Settings.intIn("PHAROS_REDIS_TIMEOUT_MS", get.apply("PHAROS_REDIS_TIMEOUT_MS"), 10, 10_000)));
    }

    public static CacheSettings off() {
        return new CacheSettings(null, Duration.ofSeconds(300), Duration.ofMillis(100));
    }

    public boolean enabled() {
        return redis != null;
    }
}
