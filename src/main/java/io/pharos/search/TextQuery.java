package io.pharos.search;

import java.util.List;

/**
 * A keyword query in Pharos's own model, rendered per database by {@link SearchSql}: never user text.
 * Each term is a list of lowercase letter/digit tokens (one token: a word; several: a phrase that must
 * match in order). A chunk matches when it holds any term and none of the excluded ones.
 */
public record TextQuery(List<List<String>> terms, List<List<String>> excluded) {
    public TextQuery {
        terms = List.copyOf(terms.stream().map(List::copyOf).toList());
        excluded = List.copyOf(excluded.stream().map(List::copyOf).toList());
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** Every token of the positive terms, in order, repeated ones once. */
    public List<String> positiveTokens() {
        return terms.stream().flatMap(List::stream).distinct().toList();
    }
}
