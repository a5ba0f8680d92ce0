package io.pharos.web;

import io.pharos.search.SearchHit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The search page: the query as asked ({@code query}), this page's hits (null before a query), the page
 * number and whether there are more. {@code problem}: a query the search refused, said in words;
 * {@code note}: something to know about the results (semantic search off).
 */
public record SearchView(Page page, Query query, List<SearchHit> hits, int pageNumber, boolean more, String problem, String note) {
    public static final List<String> MODES = List.of("hybrid", "keyword", "semantic");
    /** The resource filters the page offers (the API's search parameters of the same names). */
    public static final List<String> FILTERS = List.of("type", "language", "publisher", "read_status", "subject", "classification_code",
            "min_quality", "created_after", "created_before");
    public static final List<String> READ_STATUSES = java.util.Arrays.stream(io.pharos.resource.ReadStatus.values()).map(io.pharos.resource.ReadStatus::wire).toList();

    /** What was asked: the text, the mode, whether to explain the ranking, and the filters given (by parameter name). */
    public record Query(String q, String mode, boolean explain, Map<String, String> filters) {
        /** The value typed for filter {@code name}, "" for none. */
        public String filter(String name) {
            return filters.getOrDefault(name, "");
        }

        public boolean filtered() {
            return !filters.isEmpty();
        }
    }

    public String q() {
        return query.q();
    }

    public String mode() {
        return query.mode();
    }

    /** The link to page {@code n} of the same search. */
    public String pageLink(int n) {
        StringBuilder b = new StringBuilder("/?q=").append(enc(query.q())).append("&mode=").append(query.mode());
        if (query.explain()) b.append("&explain=on");
        query.filters().forEach((k, v) -> b.append('&').append(k).append('=').append(enc(v)));
        return b.append("&page=").append(n).toString();
    }

    /** The 0-based position of the {@code i}th hit of this page among all results. */
    public int position(int i) {
        return (pageNumber - 1) * SearchPages.PAGE_SIZE + i;
    }

    /** Each branch of a hit's ranking as a line ("keyword: rank 1, score 0.52"), outermost last. */
    public static List<String> explain(SearchHit hit) {
        List<String> lines = new ArrayList<>();
        if (hit.explain() == null) return lines;
        hit.explain().forEach((branch, value) -> {
            if (value instanceof Map<?, ?> m) {
                List<String> parts = new ArrayList<>();
                new java.util.TreeMap<Object, Object>(m).forEach((k, v) -> parts.add(k + " " + number(v)));
                lines.add(branch + ": " + String.join(", ", parts));
            } else {
                lines.add(branch + ": " + number(value));
            }
        });
        return lines;
    }

    private static String number(Object v) {
        return v instanceof Double || v instanceof Float ? String.format(Locale.ROOT, "%.4f", ((Number) v).doubleValue()) : String.valueOf(v);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
