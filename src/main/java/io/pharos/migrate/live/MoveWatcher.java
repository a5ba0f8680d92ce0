package io.pharos.migrate.live;

import io.pharos.config.DatabaseUrl;
import io.pharos.config.Settings;
import io.pharos.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the library's database for a live migration's state row (every {@code period}, ~250 ms) and,
 * when it says the library moved, switches the server's {@link Database} to the target in-process: the
 * target's URL (and password) come from this server's own settings ({@link io.pharos.config.LiveSettings}),
 * never from the source; a route of its own to the target (through a PgBouncer) is checked to reach the database
 * the migration recorded. The switch is reported back in the source ({@link LiveState#followed}), so that
 * {@code pharos migrate} can print the write pause. A server that may not follow logs where the library
 * went, shows it in {@code /health/ready}, and its writes are refused by the source's guard triggers.
 */
public final class MoveWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MoveWatcher.class);

    private final Database database;
    private final Settings settings;
    private final String instance;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("live-migration-watch").unstarted(r));
    private volatile String phase;
    /** A cut-over's hold runs (its lease has not run out): poll often, to switch soon after the move. */
    private volatile boolean holding;
    private volatile String notFollowed;
    private volatile String switchedTo;
    private volatile Instant switchedAt;
    /** What names the data PHAROS_LIVE_TARGET_URL reaches, once looked up. */
    private volatile String ownIdentity;
    private volatile boolean unreachableSaid;

    public MoveWatcher(Database database, Settings settings, String instance) {
        this.database = database;
        this.settings = settings;
        this.instance = instance + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Polls every {@code period}; during a cut-over (writes held) every {@value #CUTOVER_POLL_MS} ms, to switch soon after the move. */
    public MoveWatcher start(Duration period) {
        timer.schedule(() -> pollQuietly(period), 0, TimeUnit.MILLISECONDS);
        return this;
    }

    private static final long CUTOVER_POLL_MS = 20;

    private void pollQuietly(Duration period) {
        try {
            poll();
        } catch (RuntimeException | SQLException e) {
            log.debug("reading the live-migration state failed: {}", e.getMessage());
        }
        long next = holding ? CUTOVER_POLL_MS : period.toMillis();
        if (!timer.isShutdown()) {
            try {
                timer.schedule(() -> pollQuietly(period), next, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** One look at the state row; switches when the library moved and this server may follow it. */
    void poll() throws SQLException {
        DataSource pool = database.readPool();
        LiveState state;
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            if (!LiveState.exists(c)) {
                phase = null;
                holding = false;
                return;
            }
            state = LiveState.read(c);
        }
        phase = state == null ? null : state.phase().name().toLowerCase(java.util.Locale.ROOT);
        holding = state != null && state.phase() == LiveState.Phase.CUTOVER && state.holdUntil() > System.currentTimeMillis() - 1000;
        if (state == null || !state.moved()) return;
        DatabaseUrl next = destination(state);
        if (next == null) {
            if (notFollowed == null) {
                log.warn("the library moved to {} (at {}); this server does not follow it ({}): it refuses writes, reads show the library as of the move",
                        state.target(), state.movedAt(), settings.live().follow() ? "PHAROS_LIVE_TARGET_URL does not name it and it has a password" : "PHAROS_LIVE_FOLLOW=false");
            }
            notFollowed = state.target();
            database.noteMoved(state.target());
            return;
        }
        DataSource oldWriter = database.writePool();
        database.switchTo(settings.withDatabase(next), Duration.ofSeconds(30));
        switchedTo = next.masked();
        switchedAt = Instant.now();
        notFollowed = null;
        database.noteMoved(null);
        phase = null;
        holding = false;
        log.info("the library moved to {}: this server now serves it (writes resumed there)", next.masked());
        try (Connection c = oldWriter.getConnection()) {
            c.setAutoCommit(true);
            LiveState.followed(c, instance, next.masked());
        } catch (SQLException e) {
            log.debug("could not report the switch to the old database: {}", e.getMessage());
        }
    }

    /**
     * Where to follow the library: this server's own route to the target ({@code PHAROS_LIVE_TARGET_URL},
     * e.g. through a PgBouncer) when it names the target or reaches the same database (the identity the
     * migration recorded), else the target as recorded when it has no password; null when it may not follow.
     */
    private DatabaseUrl destination(LiveState state) {
        var live = settings.live();
        DatabaseUrl own = live.targetUrl();
        if (live.follow() && own != null && !own.masked().equals(state.target()) && state.targetIdentity() != null
                && state.targetIdentity().equals(identityOf(own))) {
            return own;
        }
        return live.followable(state.target(), state.targetUrl());
    }

    /** What names the data {@code url} reaches (looked up once), or null when it cannot be reached now. */
    private String identityOf(DatabaseUrl url) {
        String known = ownIdentity;
        if (known != null) return known;
        try {
            java.util.Properties login = new java.util.Properties();
            if (url.user() != null) login.setProperty("user", url.user());
            if (url.password() != null) login.setProperty("password", url.password());
            known = org.jdbi.v3.core.Jdbi.create(() -> java.sql.DriverManager.getConnection(url.jdbcUrl(), login))
                    .withHandle(h -> io.pharos.db.Dialect.forUrl(url).libraryIdentity(h));
        } catch (RuntimeException e) {
            if (unreachableSaid) return null;
            unreachableSaid = true;
            log.warn("cannot reach {} (PHAROS_LIVE_TARGET_URL) to check it is where the library moved: {}", url.masked(),
                    io.pharos.common.Secrets.mask(String.valueOf(e.getMessage())));
            return null;
        }
        ownIdentity = known;
        return known;
    }

    /** The readiness section: a live migration under way, where the library went, whether this server followed. */
    public Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", phase == null ? "none" : phase);
        if (notFollowed != null) {
            m.put("moved_to", notFollowed);
            m.put("following", false);
            m.put("writes", "refused: the library moved; point this server at " + notFollowed);
        }
        if (switchedTo != null) {
            m.put("switched_to", switchedTo);
            m.put("switched_at", switchedAt.toString());
        }
        return m;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
