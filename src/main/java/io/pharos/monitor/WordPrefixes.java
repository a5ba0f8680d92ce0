package io.pharos.monitor;

import io.pharos.search.QueryParser;
import io.pharos.search.TextQuery;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cheap, conservative test run in memory before a monitor's query goes to the database: whether a text
 * could match the query at all. A term (word or phrase) can only match when each of its words has its
 * leading letters among the text's words' leading letters, compared without case and diacritics, on at
 * most {@value #PREFIX} letters and one less than the word (the stemmers of both databases only change a
 * word's end; a final y becoming i and {@code dying → die} are allowed for). Exclusions are ignored. So a text
 * this rejects never matches the query; one it accepts is matched for real.
 */
final class WordPrefixes {
    static final int PREFIX = 3;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final Set<String> prefixes;

    private WordPrefixes(Set<String> prefixes) {
        this.prefixes = prefixes;
    }

    /** The leading letters of every word of {@code text}: each word's first 1 to {@value #PREFIX}. */
    static WordPrefixes of(String text) {
        Set<String> out = new HashSet<>();
        for (String w : words(text)) {
            for (int n = 1; n <= Math.min(PREFIX, w.length()); n++) out.add(w.substring(0, n));
            // the English stemmer turns a final y into i ("cry" and "cries" both stem to "cri")
            if (w.length() <= PREFIX && w.endsWith("y")) out.add(w.substring(0, w.length() - 1) + "i");
        }
        return new WordPrefixes(out);
    }

    /** For each term of {@code query}, the prefixes its words need (empty list: the query has no terms). */
    static List<List<String>> needed(String query) {
        TextQuery q = QueryParser.parse(query);
        List<List<String>> terms = new ArrayList<>();
        for (List<String> term : q.terms()) {
            List<String> need = new ArrayList<>();
            for (String token : term) {
                for (String w : words(token)) need.add(need(w));
            }
            terms.add(need);
        }
        return terms;
    }

    /** The prefix a query word needs: {@code dying} stems to {@code die}, so a "ying" ending keeps one letter only. */
    private static String need(String w) {
        if (w.length() <= 1) return w;
        if (w.endsWith("ying")) return w.substring(0, Math.max(1, Math.min(PREFIX, w.length() - 4)));
        return w.substring(0, Math.min(PREFIX, w.length() - 1));
    }

    /** True when some term has all its prefixes here (or the query had no terms to judge by). */
    boolean mayMatch(List<List<String>> terms) {
        if (terms.isEmpty()) return true;
        for (List<String> term : terms) {
            if (prefixes.containsAll(term)) return true;
        }
        return false;
    }

    /** Lowercased words without diacritics, split like the indexes split them (letters and digits). */
    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
        int n = folded.length();
        int i = 0;
        while (i < n) {
            int cp = folded.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(folded.codePointAt(i))) i += Character.charCount(folded.codePointAt(i));
            out.add(folded.substring(start, i));
        }
        return out;
    }
}
