package io.pharos.config;

import io.pharos.common.ConfigurationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Read replicas of a PostgreSQL library. {@code urls} ({@code PHAROS_DB_READ_URLS}, comma-separated): streaming
 * replicas (hot standbys) of {@code DATABASE_URL}'s server that answer searches, lists and reads; empty: every
 * read goes to the primary. {@code maxLag} ({@code PHAROS_DB_READ_MAX_LAG_MS}): a replica further behind the
 * primary than this is skipped until it catches up. See docs/scaling.md.
 */
public record ReplicaSettings(List<DatabaseUrl> urls, Duration maxLag) {
    static final String URLS = "PHAROS_DB_READ_URLS";
    static final String MAX_LAG = "PHAROS_DB_READ_MAX_LAG_MS";

    public static final ReplicaSettings NONE = new ReplicaSettings(List.of(), Duration.ofSeconds(5));

    public ReplicaSettings {
        urls = List.copyOf(urls);
    }

    public boolean configured() {
        return !urls.isEmpty();
    }

    static void defaults(Map<String, String> d) {
        d.put(URLS, "");
        d.put(MAX_LAG, "5000");
    }

    static ReplicaSettings from(DatabaseUrl primary, Function<String, String> get) {
        Duration maxLag = Duration.ofMillis(Settings.intIn(MAX_LAG, get.apply(MAX_LAG), 1, Integer.MAX_VALUE));
        String value = get.apply(URLS);
        if (value == null || value.isBlank()) return new ReplicaSettings(List.of(), maxLag);
        if (primary.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new ConfigurationException(URLS, "read replicas are for PostgreSQL; an SQLite library takes none (unset it)");
        }
        List<DatabaseUrl> urls = new ArrayList<>();
        for (String raw : value.split(",")) {
            if (raw.isBlank()) continue;
            urls.add(replica(raw.strip()));
        }
        return new ReplicaSettings(urls, maxLag);
    }

    private static DatabaseUrl replica(String raw) {
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(raw);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(URLS, "'" + DatabaseUrl.redact(raw) + "' is not a database URL; expected comma-separated "
                    + "postgresql://user:pass@replica-host:5432/pharos URLs");
        }
        if (url.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new ConfigurationException(URLS, "'" + DatabaseUrl.redact(raw) + "' is not PostgreSQL; read replicas are PostgreSQL "
                    + "streaming replicas (postgresql://user:pass@replica-host:5432/pharos)");
        }
        return url;
    }
}
