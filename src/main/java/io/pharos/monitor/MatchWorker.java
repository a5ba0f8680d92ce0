package io.pharos.monitor;

import io.pharos.common.LogSafe;
import io.pharos.db.Database;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceId;
import io.pharos.search.SearchHit;
import io.pharos.search.SearchRequest;
import io.pharos.search.SearchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Drains {@code monitor_queue}: claims the resources longest in line for a lease (several instances on one
 * PostgreSQL database take different ones; an instance that died leaves its claims to be taken once the
 * lease runs out), matches each against every active monitor with the search feature's own query syntax
 * and ranking ({@link SearchService#matchOne}: the resource must pass the monitor's filters), and stores
 * the alerts and removes the resource from the queue in one write. A resource queued again meanwhile (it
 * changed) stays queued and is matched again.
 */
public final class MatchWorker extends Poller {
    private static final Logger log = LoggerFactory.getLogger(MatchWorker.class);
    /** Resources claimed per round. */
    static final int BATCH = 16;
    /** Hybrid monitors: the lowest cosine similarity of a chunk that counts as a semantic match. */
    static final double HYBRID_MIN_SIMILARITY = 0.5;

    private final Database database;
    private final MonitorService service;
    private final SearchService search;
    private final Duration lease;
    private final WebhookWorker webhooks;   // woken when an alert needs delivering; may be null

    public MatchWorker(Database database, MonitorService service, SearchService search, Duration lease, WebhookWorker webhooks) {
        super("pharos-monitor-worker");
        this.database = database;
        this.service = service;
        this.search = search;
        this.lease = lease;
        this.webhooks = webhooks;
    }

    @Override
    int once() {
        String token = claimToken();
        Instant now = service.now();
        List<UUID> claimed = database.writeBookkeeping(h -> service.monitorStore().claim(h, token, now, now.plus(lease), BATCH));
        if (claimed.isEmpty()) return 0;
        List<Candidate> active = database.read(h -> service.monitorStore().active(h)).stream().map(this::candidate).toList();
        boolean hooks = false;
        for (UUID resource : claimed) {
            try {
                hooks |= match(resource, token, active);
            } catch (RuntimeException e) {
                log.warn("matching resource {} against monitors failed (retried when its claim runs out): {}", resource, LogSafe.describe(e));
            }
        }
        if (hooks && webhooks != null) webhooks.wake();
        return claimed.size();
    }

    /**
     * An active monitor as a round uses it: parsed once per round. {@code prefixes}: what its query's words
     * need ({@link WordPrefixes}); null when the monitor may match without them (hybrid with embeddings on).
     */
    private record Candidate(Monitor monitor, SearchRequest.Mode mode, ResourceFilter filter, List<List<String>> prefixes) {}

    private Candidate candidate(Monitor m) {
        SearchRequest.Mode mode = SearchRequest.Mode.valueOf(m.mode().toUpperCase(Locale.ROOT));
        boolean semantic = mode != SearchRequest.Mode.KEYWORD && search.semanticEnabled();
        return new Candidate(m, mode, MonitorInput.parse(m.filters()), semantic ? null : WordPrefixes.needed(m.query()));
    }

    /** A match found for one monitor. */
    private record Match(Monitor monitor, SearchHit hit) {}

    /** Matches one resource against every active monitor and stores the alerts; true when one needs a webhook. */
    private boolean match(UUID resource, String token, List<Candidate> active) {
        List<Match> matches = new ArrayList<>();
        WordPrefixes words = WordPrefixes.of(database.read(h -> service.monitorStore().text(h, resource)));
        for (Candidate c : active) {
            if (c.prefixes() != null && !words.mayMatch(c.prefixes())) continue;   // cannot match: no query to run
            Monitor m = c.monitor();
            Optional<SearchHit> hit = search.matchOne(m.query(), c.mode(), c.filter(), new ResourceId(resource), HYBRID_MIN_SIMILARITY);
            if (hit.isPresent() && (m.minScore() == null || hit.get().score() >= m.minScore())) matches.add(new Match(m, hit.get()));
        }
        Instant now = service.now();
        database.write(h -> {
            for (Match x : matches) {
                service.alertStore().raise(h, UUID.randomUUID(), x.monitor(), resource, x.hit().score(), x.hit().snippet(), now);
            }
            service.monitorStore().done(h, resource, token);
            return null;
        });
        return matches.stream().anyMatch(x -> x.monitor().webhookUrl() != null);
    }

    /** Drains the whole queue in the calling thread (tests, commands); returns resources matched. */
    public long drainAll() {
        long total = 0;
        for (int n; (n = once()) > 0; ) total += n;
        return total;
    }
}
