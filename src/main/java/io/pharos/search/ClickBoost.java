package io.pharos.search;

import io.pharos.db.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Click feedback, bounded. For a query (compared by its lowercased tokens), each result in the ranked
 * list gets the key {@code (1 + MAX_LIFT × min(callers, SATURATION) / SATURATION) / (RANK_K + rank)},
 * where {@code callers} is how many distinct callers (authenticated principals, never the client-chosen
 * {@code session_id}) clicked that resource for that query, so one caller adds at most
 * {@code MAX_LIFT / SATURATION} to a result however many clicks it sends; the list is
 * re-sorted by it. So a result can at most gain a factor {@code 1 + MAX_LIFT} on its rank position (from
 * rank 10 it can reach about rank 3; it cannot jump from far down the list to the top), results nobody
 * clicked keep their relative order, and other queries are not affected. Off with
 * {@code PHAROS_SEARCH_CLICK_BOOST=false}.
 */
public final class ClickBoost {
    static final double MAX_LIFT = 0.5;
    static final int SATURATION = 5;
    static final int RANK_K = 10;

    private final Database database;
    private final ClickStore store;
    private final boolean enabled;

    public ClickBoost(Database database, ClickStore store, boolean enabled) {
        this.database = database;
        this.store = store;
        this.enabled = enabled;
    }

    /**
     * How many ranks a list must hold for its first {@code window} to be right after the boost: a result at
     * rank r can pass one at rank p when (1 + MAX_LIFT) (RANK_K + p) > RANK_K + r.
     */
    int ranksFor(int window) {
        if (!enabled) return window;
        return (int) Math.ceil((1 + MAX_LIFT) * (RANK_K + window)) - RANK_K;
    }

    List<SearchService.Ranked> apply(String query, List<SearchService.Ranked> ranked) {
        if (!enabled || ranked.isEmpty()) return ranked;
        String key = QueryParser.key(query);
        Map<UUID, Integer> sessions = database.read(h -> store.callersByResource(h, key, ranked.stream().map(SearchService.Ranked::resourceId).toList()));
        if (sessions.isEmpty()) return ranked;
        record Keyed(SearchService.Ranked r, double key, int index) {}
        List<Keyed> keyed = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            SearchService.Ranked r = ranked.get(i);
            int s = Math.min(SATURATION, sessions.getOrDefault(r.resourceId(), 0));
            double lift = 1 + MAX_LIFT * s / SATURATION;
            Map<String, Object> explain = s == 0 ? r.explain()
                    : SearchService.explain("click_boost", Map.of("callers", s, "factor", lift), r.explain());
            keyed.add(new Keyed(new SearchService.Ranked(r.resourceId(), r.chunkId(), r.score(), explain), lift / (RANK_K + i + 1), i));
        }
        keyed.sort((a, b) -> a.key() != b.key() ? Double.compare(b.key(), a.key()) : Integer.compare(a.index(), b.index()));
        return keyed.stream().map(Keyed::r).toList();
    }
}
