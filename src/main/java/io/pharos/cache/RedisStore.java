package io.pharos.cache;

import io.pharos.config.CacheSettings;
import io.pharos.config.RedisUrl;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The library's keys in Redis, each command one Lua script (one round trip, atomic). Keys, for a library
 * namespace {@code ns} (a hash of {@link io.pharos.db.Dialect#libraryIdentity}):
 * <ul>
 * <li>{@code pharos:ns:gen}: a hash, {@code n} the generation number, {@code pos} the newest commit position;</li>
 * <li>{@code pharos:ns:a:<generation>:<kind>:<sha-256 of the request>}: one answer, with the TTL.</li>
 * </ul>
 * Every method throws (a Jedis exception) when Redis does not answer within the timeout.
 */
final class RedisStore implements AutoCloseable {

    /** The generation, created from Redis's clock (ms) when missing, and the answer kept under it, if any. */
    private static final String LOOKUP = """
            local n = redis.call('HGET', KEYS[1], 'n')
            if not n then
              local t = redis.call('TIME')
              redis.call('HSETNX', KEYS[1], 'n', string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)))
              n = redis.call('HGET', KEYS[1], 'n')
            end
            local pos = redis.call('HGET', KEYS[1], 'pos') or '0'
            return {n, pos, redis.call('GET', ARGV[1] .. n .. ':' .. ARGV[2])}
            """;

    /** Moves the generation on (from Redis's clock when missing) and keeps the newest commit position. */
    private static final String BUMP = """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              local t = redis.call('TIME')
              redis.call('HSET', KEYS[1], 'n', string.format('%.0f', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)))
            end
            local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
            local pos = redis.call('HGET', KEYS[1], 'pos') or '0'
            if tonumber(ARGV[1]) > tonumber(pos) then
              redis.call('HSET', KEYS[1], 'pos', ARGV[1])
              pos = ARGV[1]
            end
            return {string.format('%.0f', n), pos}
            """;

    /** Keeps an answer only while its generation is still the current one (a write since has made it old). */
    private static final String FILL = """
            if redis.call('HGET', KEYS[1], 'n') == ARGV[1] then
              redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
              return 1
            end
            return 0
            """;

    /** A lookup's result: the generation now, and the answer kept under it for the key, if any. */
    record Lookup(Generation generation, Optional<Answer> answer) {}

    private final RedisClient client;
    private final String prefix;
    private final long ttlSeconds;

    RedisStore(CacheSettings settings, String namespace) {
        RedisUrl url = settings.redis();
        int timeout = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
                .database(url.database()).clientName("pharos");
        if (url.user() != null) config.user(url.user());
        if (url.password() != null) config.password(url.password());
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(64);
        pool.setMaxIdle(16);
        pool.setMinIdle(0);
        pool.setMaxWait(Duration.ofMillis(timeout));
        pool.setTestOnBorrow(false);
        pool.setJmxEnabled(false);
        this.client = RedisClient.builder().hostAndPort(url.host(), url.port()).clientConfig(config.build()).poolConfig(pool).build();
        this.prefix = "pharos:" + namespace + ":";
        this.ttlSeconds = Math.max(1, settings.ttl().toSeconds());
    }

    Lookup lookup(CacheKey key) {
        List<?> r = (List<?>) client.eval(LOOKUP, List.of(prefix + "gen"), List.of(prefix + "a:", key.suffix()));
        Generation g = new Generation(Long.parseLong(text(r.get(0))), Long.parseLong(text(r.get(1))));
        Object stored = r.size() > 2 ? r.get(2) : null;
        return new Lookup(g, stored == null ? Optional.empty() : Optional.of(Answer.decode(text(stored))));
    }

    /** Keeps {@code answer} under {@code generation} if that is still the current one; true when kept. */
    boolean fill(Generation generation, CacheKey key, Answer answer) {
        String number = Long.toString(generation.number());
        Object kept = client.eval(FILL, List.of(prefix + "gen", prefix + "a:" + number + ":" + key.suffix()),
                List.of(number, answer.encode(), Long.toString(ttlSeconds)));
        return Long.valueOf(1).equals(kept);
    }

    /** Moves the generation on after a commit at {@code position} (0: unknown); the new generation. */
    Generation bump(long position) {
        List<?> r = (List<?>) client.eval(BUMP, List.of(prefix + "gen"), List.of(Long.toString(position)));
        return new Generation(Long.parseLong(text(r.get(0))), Long.parseLong(text(r.get(1))));
    }

    void ping() {
        client.ping();
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(o);
    }

    @Override
    public void close() {
        client.close();
    }
}
