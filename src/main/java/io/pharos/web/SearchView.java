package io.pharos.web;

import io.pharos.search.SearchHit;

import java.util.List;

/**
 * The search page: the query as typed, the mode, this page's hits (null before a query), the page number
 * and whether there are more. {@code problem}: a query the search refused, said in words.
 */
public record SearchView(Page page, String q, String mode, List<SearchHit> hits, int pageNumber, boolean more, String problem) {
    public static final List<String> MODES = List.of("hybrid", "keyword", "semantic");

    /** The link to page {@code n} of the same search. */
    public String pageLink(int n) {
        return "/?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8) + "&mode=" + mode + "&page=" + n;
    }
}
