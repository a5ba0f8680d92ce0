package io.pharos.migrate;

import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code timestamp} (without time zone) column has its own rule: naive date-times are copied as they
 * are, never shifted to a zone nor given one, in both directions; a value with an offset is refused there,
 * and a naive value is refused in a {@code timestamptz} column. The naive column is part of the key, read
 * in small batches, under a JVM time zone with a daylight-saving gap, so the keyset continues after naive
 * keys exactly.
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class MigrateNaiveTimestampTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    static final String EVENTS_PG = "CREATE TABLE t_events (at timestamp NOT NULL, id integer NOT NULL, happened timestamptz, "
            + "note text, PRIMARY KEY (at, id))";
    static final String EVENTS_SQLITE = "CREATE TABLE t_events (at TEXT NOT NULL, id INTEGER NOT NULL, happened TEXT, "
            + "note TEXT, PRIMARY KEY (at, id))";

    /** Naive values in the forms SQLite files hold them, by id, with the PostgreSQL text and the SQLite text they come back as. */
    static final Map<Integer, String[]> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put(1, new String[] {"2026-03-08 02:30:00", "2026-03-08 02:30:00", "2026-03-08 02:30:00"});   // no such local time in New York
        VALUES.put(2, new String[] {"2026-03-08T02:30:00", "2026-03-08 02:30:00", "2026-03-08 02:30:00"});   // same key value, other id
        VALUES.put(3, new String[] {"2026-01-02T03:04:05.123", "2026-01-02 03:04:05.123", "2026-01-02 03:04:05.123"});
        VALUES.put(4, new String[] {"2026-01-02 03:04:05.123456", "2026-01-02 03:04:05.123456", "2026-01-02 03:04:05.123456"});
        VALUES.put(5, new String[] {"2026-01-02T03:04", "2026-01-02 03:04:00", "2026-01-02 03:04:00"});
        VALUES.put(6, new String[] {"1999-12-31 23:59:59", "1999-12-31 23:59:59", "1999-12-31 23:59:59"});
        VALUES.put(7, new String[] {"2026-11-01 01:30:00", "2026-11-01 01:30:00", "2026-11-01 01:30:00"});   // twice in New York
    }

    private static String create(String url) throws Exception {
        Library.create(url);
        Library.exec(url, Library.isPostgres(url) ? EVENTS_PG : EVENTS_SQLITE);
        return url;
    }

    private static MigrateOptions small(String from, String to) {
        return new MigrateOptions(from, to, false, false, false, null, null, 2, MigrateOptions.OnError.ABORT, null, null, 0);
    }

    @Test
    void naive_timestamps_are_copied_as_they_are_both_ways() throws Exception {
        String a = create(dbs.sqlite());
        for (var e : VALUES.entrySet()) {
            Library.exec(a, "INSERT INTO t_events (at, id, happened, note) VALUES ('" + e.getValue()[0] + "', " + e.getKey()
                    + ", '2026-01-02T03:04:05.123+02:00', 'event " + e.getKey() + "')");
        }
        String b = create(dbs.postgres());
        String c = create(dbs.sqlite());
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        MigrationReport ab;
        MigrationReport bc;
        try {
            ab = MigrateRoundTripTest.migrate(small(a, b));
            bc = MigrateRoundTripTest.migrate(small(b, c));
        } finally {
            TimeZone.setDefault(zone);
        }

        for (MigrationReport r : new MigrationReport[] {ab, bc}) {
            assertThat(r.tables()).filteredOn(t -> t.table().equals("t_events")).singleElement().satisfies(t -> {
                assertThat(t.migrated()).isEqualTo(VALUES.size());
                assertThat(t.checksumMatch()).isTrue();
            });
        }
        assertThat(MigrateRoundTripTest.checksums(bc)).isEqualTo(MigrateRoundTripTest.checksums(ab));
        try (Connection pg = Library.connect(b); Statement s = pg.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, at::text, happened = '2026-01-02T01:04:05.123Z' FROM t_events ORDER BY id")) {
            while (rs.next()) {
                assertThat(rs.getString(2)).as("id %d on PostgreSQL", rs.getInt(1)).isEqualTo(VALUES.get(rs.getInt(1))[1]);
                assertThat(rs.getBoolean(3)).isTrue();   // the timestamptz column keeps its own rule: the instant
            }
        }
        try (Connection sq = Library.connect(c); Statement s = sq.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, at, happened FROM t_events ORDER BY id")) {
            int n = 0;
            while (rs.next()) {
                n++;
                assertThat(rs.getString(2)).as("id %d on SQLite", rs.getInt(1)).isEqualTo(VALUES.get(rs.getInt(1))[2]);
                assertThat(rs.getString(3)).isEqualTo("2026-01-02T01:04:05.123Z");
            }
            assertThat(n).isEqualTo(VALUES.size());
        }
    }

    @Test
    void an_offset_in_a_naive_column_and_a_naive_value_in_a_timestamptz_column_are_bad_rows() throws Exception {
        String a = create(dbs.sqlite());
        Library.exec(a, "INSERT INTO t_events (at, id, happened) VALUES ('2026-01-02T03:04:05+02:00', 1, NULL)");
        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(small(a, create(dbs.postgres()))))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("table t_events").hasMessageContaining("column at")
                .hasMessageContaining("has an offset, which a timestamp without time zone cannot keep");

        String d = create(dbs.sqlite());
        Library.exec(d, "INSERT INTO t_events (at, id, happened) VALUES ('2026-01-02 03:04:05', 1, '2026-01-02 03:04:05')");
        assertThatThrownBy(() -> MigrateRoundTripTest.migrate(small(d, create(dbs.postgres()))))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("column happened")
                .hasMessageContaining("is not an ISO-8601 timestamp with offset: it has none");
    }
}
