package io.pharos.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Word tokens as both databases' indexes see them: runs of letters and digits, lowercased. */
public final class Tokens {
    private Tokens() {}

    /** English stopwords (NLTK's list): dropped from queries' loose words, kept inside quoted phrases. */
    static final Set<String> STOPWORDS = Set.of(
            "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
            "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
            "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
            "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
            "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as",
            "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
            "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off",
            "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how",
            "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
            "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should",
            "now", "d", "ll", "m", "o", "re", "ve", "y", "ain", "aren", "couldn", "didn", "doesn", "hadn",
            "hasn", "haven", "isn", "ma", "mightn", "mustn", "needn", "shan", "shouldn", "wasn", "weren", "won",
            "wouldn");

    /** The longest token kept; longer runs are cut (no real word is longer, and indexes cap them too). */
    static final int MAX_TOKEN = 64;

    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
            String t = text.substring(start, i).toLowerCase(Locale.ROOT);
            out.add(t.length() > MAX_TOKEN ? t.substring(0, t.offsetByCodePoints(0, Math.min(MAX_TOKEN, t.codePointCount(0, t.length())))) : t);
        }
        return out;
    }

    public static int count(String text) {
        if (text == null) return 0;
        int count = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean word = Character.isLetterOrDigit(cp);
            if (word && !in) count++;
            in = word;
            i += Character.charCount(cp);
        }
        return count;
    }

    /** A crude English stem (plural and common suffixes) used to find words to highlight. */
    static String stem(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {"ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly"}) {
            if (t.endsWith(suffix) && t.length() - suffix.length() >= 3) return t.substring(0, t.length() - suffix.length());
        }
        return t;
    }
}
