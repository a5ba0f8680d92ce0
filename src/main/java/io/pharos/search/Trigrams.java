package io.pharos.search;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Trigram similarity as pg_trgm computes it for words (padded with two spaces before, one after): the
 * share of trigrams two words have in common. Used to accept typo-tolerant title matches the same way
 * on both databases, whichever index found the candidates.
 */
final class Trigrams {
    private Trigrams() {}

    static Set<String> of(String word) {
        String w = "  " + word + " ";
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 3 <= w.length(); i++) out.add(w.substring(i, i + 3));
        return out;
    }

    static double similarity(String a, String b) {
        Set<String> x = of(a);
        Set<String> y = of(b);
        int common = 0;
        for (String g : x) if (y.contains(g)) common++;
        return (double) common / (x.size() + y.size() - common);
    }

    /** Mean over the query words of each one's best similarity to a word of the title. */
    static double wordSimilarity(List<String> words, String title) {
        List<String> titleWords = Tokens.of(title);
        if (words.isEmpty() || titleWords.isEmpty()) return 0;
        double sum = 0;
        for (String w : words) {
            double best = 0;
            for (String t : titleWords) best = Math.max(best, similarity(w, t));
            sum += best;
        }
        return sum / words.size();
    }
}
