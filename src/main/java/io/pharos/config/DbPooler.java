package io.pharos.config;

import io.pharos.common.ConfigurationException;

import java.util.Locale;

/**
 * {@code PHAROS_DB_POOLER}: what stands between Pharos and PostgreSQL. {@code none}: Pharos's own pool
 * talks to the server, and each connection is set up once. {@code pgbouncer}: a PgBouncer in
 * transaction pooling mode, where consecutive transactions of one connection may run on different
 * server connections: no server-side prepared statements and no session state, every setting is
 * applied with {@code SET LOCAL} in the transaction that needs it.
 */
public enum DbPooler {
    NONE, PGBOUNCER;

    static DbPooler parse(String value) {
        return parse("PHAROS_DB_POOLER", value);
    }

    static DbPooler parse(String setting, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (DbPooler p : values()) if (p.name().toLowerCase(Locale.ROOT).equals(v)) return p;
        throw new ConfigurationException(setting, "expected none or pgbouncer, got '" + value + "'");
    }
}
