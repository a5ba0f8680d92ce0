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
 * the round's alerts and removes its resources from the queue in one write. A resource queued again
 * meanwhile (it changed) stays queued and is matched again. While resource writes wait for the write lock
 * the worker stands aside ({@link Database#writersWaiting}): matching never slows the writes down.
 */
public final class MatchWorker extends Poller {
    private static final Logger log = LoggerFactory.getLogger(MatchWorker.class);
    /** Resources claimed per round. */
    static final int BATCH = 64;
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
        if (database.writersWaiting() > 0) return yieldToWriters();
        String token = claimToken();
        Instant now = service.now();
        List<UUID> claimed = database.writeBookkeeping(h -> service.monitorStore().claim(h, token, now, now.plus(lease), BATCH));
        if (claimed.isEmpty()) return 0;
        List<Candidate> active = service.active().stream().map(this::candidate).toList();
        List<Match> matches = new ArrayList<>();
        List<UUID> matched = new ArrayList<>();
        for (UUID resource : claimed) {
            try {
                matches.addAll(match(resource, active));
                matched.add(resource);
            } catch (RuntimeException e) {
                log.warn("matching resource {} against monitors failed (retried when its claim runs out): {}", resource, LogSafe.describe(e));
            }
        }
        store(matches, matched, token);
        if (webhooks != null && matches.stream().anyMatch(x -> x.monitor().webhookUrl() != null)) webhooks.wake();
        return claimed.size();
    }

    /** Resource writes are waiting for the write lock: let them have it (matching is background work). */
    private int yieldToWriters() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 1;
    }

    /**
     * The round's alerts, and its matched resources off the queue, in one write. Bookkeeping for the shared
     * cache: no cached answer holds alerts or the queue, so matching every new resource must not move the
     * library's generation on (it emptied the cache after each write).
     */
    private void store(List<Match> matches, List<UUID> matched, String token) {
        if (matched.isEmpty()) return;
        Instant now = service.now();
        database.writeBookkeeping(h -> {
            for (Match x : matches) {
                service.alertStore().raise(h, UUID.randomUUID(), x.monitor(), x.resource(), x.hit().score(), x.hit().snippet(), now);
            }
            for (UUID resource : matched) service.monitorStore().done(h, resource, token);
            return null;
        });
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
    private record Match(Monitor monitor, UUID resource, SearchHit hit) {}

    /** The active monitors that one resource matches. */
    private List<Match> match(UUID resource, List<Candidate> active) {
        List<Match> matches = new ArrayList<>();
        WordPrefixes words = WordPrefixes.of(database.read(h -> service.monitorStore().text(h, resource)));
        for (Candidate c : active) {
            if (c.prefixes() != null && !words.mayMatch(c.prefixes())) continue;   // cannot match: no query to run
            Monitor m = c.monitor();
            Optional<SearchHit> hit = search.matchOne(m.query(), c.mode(), c.filter(), new ResourceId(resource), HYBRID_MIN_SIMILARITY);
            if (hit.isPresent() && (m.minScore() == null || hit.get().score() >= m.minScore())) matches.add(new Match(m, resource, hit.get()));
        }
        return matches;
    }

    /** Drains the whole queue in the calling thread (tests, commands); returns resources claimed. */
    public long drainAll() {
        long total = 0;
        for (int n; (n = once()) > 0; ) total += n;
        return total;
    }
}
