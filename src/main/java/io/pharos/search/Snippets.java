package io.pharos.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Highlighted snippets: a window of about {@link #LENGTH} characters of a chunk around its first
 * matching word, HTML-escaped, with {@code <mark>} around words matching a query token (same crude
 * stem), and {@code …} where text was cut.
 */
final class Snippets {
    static final int LENGTH = 240;

    private Snippets() {}

    static String of(String text, List<String> tokens) {
        if (text == null) return "";
        Set<String> stems = tokens.stream().map(Tokens::stem).collect(Collectors.toSet());
        List<int[]> words = words(text);
        int first = -1;
        for (int[] w : words) {
            if (stems.contains(Tokens.stem(text.substring(w[0], w[1])))) {
                first = w[0];
                break;
            }
        }
        int start = first < 0 ? 0 : Math.max(0, first - 60);
        if (start > 0) {
            int space = text.indexOf(' ', start);
            start = space < 0 || space >= first ? start : space + 1;
        }
        int end = Math.min(text.length(), start + LENGTH);
        if (end < text.length()) {
            int space = text.lastIndexOf(' ', end);
            if (space > start + LENGTH / 2) end = space;
        }
        StringBuilder out = new StringBuilder();
        if (start > 0) out.append('…');
        int pos = start;
        for (int[] w : words) {
            if (w[0] < start || w[1] > end) continue;
            if (!stems.contains(Tokens.stem(text.substring(w[0], w[1])))) continue;
            escape(out, text, pos, w[0]);
            out.append("<mark>");
            escape(out, text, w[0], w[1]);
            out.append("</mark>");
            pos = w[1];
        }
        escape(out, text, pos, end);
        if (end < text.length()) out.append('…');
        return out.toString();
    }

    private static List<int[]> words(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int s = i;
            while (i < text.length() && Character.isLetterOrDigit(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
            out.add(new int[] {s, i});
        }
        return out;
    }

    private static void escape(StringBuilder out, String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
