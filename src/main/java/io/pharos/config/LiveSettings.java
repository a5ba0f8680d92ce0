package io.pharos.config;

import java.util.Map;
import java.util.function.Function;

/**
 * How a server follows its library when {@code pharos migrate --live} moves it. {@code follow}
 * ({@code PHAROS_LIVE_FOLLOW}): switch to the target in-process; off, the server stops accepting writes and
 * says where the library went. {@code targetUrl} ({@code PHAROS_LIVE_TARGET_URL}, may be null): the URL,
 * with its password, of a target this server may follow. The source only records the target with its
 * password masked, so a PostgreSQL target with a password is followed only when this setting names it;
 * a target without a password (an SQLite file, a passwordless PostgreSQL) is followed as recorded. This
 * server may reach the target another way than {@code pharos migrate} did (through a PgBouncer, another host
 * name): {@code targetUrl} is then followed when it reaches the same database (its identity, checked by
 * {@link io.pharos.migrate.live.MoveWatcher}). {@code targetPooler} ({@code PHAROS_LIVE_TARGET_POOLER}): what
 * stands between this server and a PostgreSQL target reached through {@code targetUrl}, as {@code PHAROS_DB_POOLER}.
 */
public record LiveSettings(boolean follow, DatabaseUrl targetUrl, DbPooler targetPooler) {

    static void defaults(Map<String, String> d) {
        d.put("PHAROS_LIVE_FOLLOW", "true");
        d.put("PHAROS_LIVE_TARGET_URL", "");
        d.put("PHAROS_LIVE_TARGET_POOLER", "none");
    }

    static LiveSettings from(Function<String, String> get) {
        String url = get.apply("PHAROS_LIVE_TARGET_URL");
        DatabaseUrl target;
        try {
            target = url == null || url.isBlank() ? null : DatabaseUrl.parse(url.strip());
        } catch (io.pharos.common.ConfigurationException e) {
            throw new io.pharos.common.ConfigurationException("PHAROS_LIVE_TARGET_URL", e.getMessage().replaceFirst("^DATABASE_URL: ", ""));
        }
        DbPooler pooler = DbPooler.parse("PHAROS_LIVE_TARGET_POOLER", get.apply("PHAROS_LIVE_TARGET_POOLER"));
        if (pooler != DbPooler.NONE && (target == null || target.kind() != DatabaseUrl.Kind.POSTGRESQL)) {
            throw new io.pharos.common.ConfigurationException("PHAROS_LIVE_TARGET_POOLER",
                    "is for a PostgreSQL target named by PHAROS_LIVE_TARGET_URL; set that URL (through the pooler) or leave this at none");
        }
        return new LiveSettings(Settings.bool("PHAROS_LIVE_FOLLOW", get.apply("PHAROS_LIVE_FOLLOW")), target, pooler);
    }

    /** The pooler in front of {@code url} when this server follows its library there. */
    public DbPooler poolerFor(DatabaseUrl url) {
        return targetUrl != null && targetUrl.equals(url) ? targetPooler : DbPooler.NONE;
    }

    /**
     * The URL to follow a library recorded as moved to {@code masked} ({@code passwordless}: the URL as
     * recorded when it had no password, else null), or null when this server may not follow it.
     */
    public DatabaseUrl followable(String masked, String passwordless) {
        if (!follow || masked == null) return null;
        if (targetUrl != null && targetUrl.masked().equals(masked)) return targetUrl;
        if (passwordless == null) return null;
        try {
            DatabaseUrl parsed = DatabaseUrl.parse(passwordless);
            return parsed.password() == null || parsed.password().isEmpty() ? parsed : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
