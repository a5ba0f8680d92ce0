package io.pharos.search;


import java.util.ArrayList;
import java.util.List;

/**
 * Parses the one query syntax of both databases into {@link TextQuery}: words, {@code "quoted phrases"},
 * {@code OR} (the default: any term matches, chunks holding more of them rank higher), {@code -word} or
 * {@code -"phrase"} to exclude. Anything else is text: operators, brackets and punctuation are word
 * separators, so no input is ever a syntax error. Loose English stopwords are dropped unless nothing
 * else is left; a word that splits into several tokens ({@code sqlite3_prepare_v2}) is a phrase.
 */
public final class QueryParser {
    /** Terms beyond this many are ignored: a longer query would not rank better, only slower. */
    static final int MAX_TERMS = 32;

    private QueryParser() {}

    public static TextQuery parse(String text) {
        List<List<String>> terms = new ArrayList<>();
        List<List<String>> stopTerms = new ArrayList<>();
        List<List<String>> excluded = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negate = false;
            if (c == '-' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1))) {
                negate = true;
                i++;
                c = text.charAt(i);
            }
            String chunk;
            boolean phrase = false;
            if (c == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) end = n;
                chunk = text.substring(i + 1, end);
                i = Math.min(n, end + 1);
                phrase = true;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '"') end++;
                chunk = text.substring(i, end);
                i = end;
                if (!negate && chunk.equals("OR")) continue;
            }
            List<String> tokens = Tokens.of(chunk);
            if (tokens.isEmpty()) continue;
            if (negate) {
                add(excluded, tokens);
            } else if (!phrase && tokens.size() == 1 && Tokens.STOPWORDS.contains(tokens.getFirst())) {
                add(stopTerms, tokens);
            } else {
                add(terms, tokens);
            }
        }
        if (terms.isEmpty()) terms.addAll(stopTerms);
        return new TextQuery(terms, excluded);
    }

    private static void add(List<List<String>> list, List<String> tokens) {
        List<String> t = tokens.size() > MAX_TERMS ? tokens.subList(0, MAX_TERMS) : tokens;
        if (list.size() < MAX_TERMS && !list.contains(t)) list.add(List.copyOf(t));
    }

    /**
     * {@code text} without its excluded words and phrases ({@code -word}, {@code -"a phrase"}): what the
     * semantic branch embeds, so that an exclusion does not pull the query's vector towards what it excludes.
     * The text itself when nothing else is left.
     */
    public static String withoutExclusions(String text) {
        String kept = EXCLUSION.matcher(text).replaceAll(" ").strip();
        return kept.isEmpty() ? text : kept;
    }

    private static final java.util.regex.Pattern EXCLUSION = java.util.regex.Pattern.compile("(?<=^|\\s)-(\"[^\"]*(\"|$)|[^\\s\"]+)");

    /** The query's key for click feedback: its tokens, lowercased, single-spaced. */
    public static String key(String text) {
        return String.join(" ", Tokens.of(text));
    }
}
