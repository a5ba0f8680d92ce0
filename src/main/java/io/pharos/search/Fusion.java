package io.pharos.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How hybrid search fuses its two ranked lists (each already cut to its window) into one, best first.
 *
 * <ul>
 * <li>{@code convex} (Bruch, Gai and Ingber, ACM TOIS 2023): each branch's scores are normalised to 0–1,
 *     keyword as BM25 / the list's best BM25 (BM25's least is 0), semantic as (cosine − floor) / (best
 *     cosine − floor), where the floor is the similarity floor the branch kept (so a result just above it
 *     counts for almost nothing); the fused score is {@code weight × semantic + (1 − weight) × keyword},
 *     a branch that did not list the resource adding 0. Results below {@code minFused} are dropped.</li>
 * <li>{@code rrf}: reciprocal rank fusion, Σ 1 / (k + rank).</li>
 * </ul>
 * Equal fused scores keep the order the resources were first seen in (keyword list, then semantic).
 */
final class Fusion {
    private Fusion() {}

    static List<SearchService.Ranked> rrf(List<SearchService.Ranked> keyword, List<SearchService.Ranked> semantic, int k) {
        Map<UUID, Double> score = new HashMap<>();
        for (List<SearchService.Ranked> list : List.of(keyword, semantic)) {
            for (int i = 0; i < list.size(); i++) score.merge(list.get(i).resourceId(), 1.0 / (k + i + 1), Double::sum);
        }
        return fused(keyword, semantic, score, id -> Map.of("method", "rrf", "k", k, "score", score.get(id)));
    }

    static List<SearchService.Ranked> convex(List<SearchService.Ranked> keyword, List<SearchService.Ranked> semantic,
                                             double weight, double floor, double minFused) {
        Map<UUID, Double> kw = normalised(keyword, 0.0);
        Map<UUID, Double> sem = normalised(semantic, semantic.isEmpty() ? 0.0 : Math.min(floor, semantic.getLast().score()));
        Map<UUID, Double> score = new HashMap<>();
        kw.forEach((id, n) -> score.merge(id, (1 - weight) * n, Double::sum));
        sem.forEach((id, n) -> score.merge(id, weight * n, Double::sum));
        score.values().removeIf(s -> s < minFused);
        List<SearchService.Ranked> out = fused(keyword, semantic, score, id -> Map.of("method", "convex", "weight", weight,
                "keyword", kw.getOrDefault(id, 0.0), "semantic", sem.getOrDefault(id, 0.0), "score", score.get(id)));
        return out;
    }

    /** (score − least) / (best − least), clamped to 0–1; all 1 when every score is the best and above {@code least}. */
    private static Map<UUID, Double> normalised(List<SearchService.Ranked> list, double least) {
        Map<UUID, Double> out = new HashMap<>();
        if (list.isEmpty()) return out;
        double best = list.stream().mapToDouble(SearchService.Ranked::score).max().orElse(least);
        for (SearchService.Ranked r : list) {
            double n = best > least ? (r.score() - least) / (best - least) : 0.0;
            out.put(r.resourceId(), Math.max(0.0, Math.min(1.0, n)));
        }
        return out;
    }

    private static List<SearchService.Ranked> fused(List<SearchService.Ranked> keyword, List<SearchService.Ranked> semantic,
                                                    Map<UUID, Double> score, java.util.function.Function<UUID, Map<String, Object>> why) {
        Map<UUID, SearchService.Ranked> first = new LinkedHashMap<>();
        Map<UUID, Map<String, Object>> explain = new HashMap<>();
        for (List<SearchService.Ranked> list : List.of(keyword, semantic)) {
            for (SearchService.Ranked r : list) {
                if (!score.containsKey(r.resourceId())) continue;
                first.putIfAbsent(r.resourceId(), r);
                explain.computeIfAbsent(r.resourceId(), k -> new LinkedHashMap<>()).putAll(r.explain());
            }
        }
        List<SearchService.Ranked> out = new ArrayList<>();
        first.forEach((id, r) -> out.add(new SearchService.Ranked(id, r.chunkId(), score.get(id),
                SearchService.explain("fusion", why.apply(id), explain.get(id)))));
        out.sort((a, b) -> Double.compare(b.score(), a.score()));   // stable: ties keep first-seen order
        return out;
    }
}
