package io.pharos.web;

import io.pharos.common.InvalidInputException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a text the user highlighted is in a resource's content, in code points: the occurrence whose start
 * is nearest to {@code near} (where the page's script saw the selection start; the earlier one on a tie),
 * or the first when the text was typed. A selection may differ from the content in whitespace only
 * (paragraphs, line breaks shown as spaces), so the words are matched with any whitespace between them and
 * the content's own text is kept.
 */
record Highlight(int start, int end, String text) {
    static final int MAX = 10_000;

    static Highlight find(String content, String wanted, Integer near) {
        String words = wanted == null ? "" : wanted.strip();
        if (words.isEmpty()) throw InvalidInputException.field("highlighted_text", "is required: select or type the text to highlight");
        if (words.length() > MAX) throw InvalidInputException.field("highlighted_text", "is longer than " + MAX + " characters");
        String text = content == null ? "" : content;
        StringBuilder regex = new StringBuilder();
        for (String w : words.split("\\s+")) {
            if (!regex.isEmpty()) regex.append("\\s+");
            regex.append(Pattern.quote(w));
        }
        Matcher m = Pattern.compile(regex.toString()).matcher(text);
        if (!m.find()) throw InvalidInputException.field("highlighted_text", "is not in the resource's text; select words shown in the article");
        int bestChar = m.start(), bestEnd = m.end();
        int best = text.codePointCount(0, bestChar);
        int scanned = bestChar, codePoints = best;
        while (near != null && m.find(text.offsetByCodePoints(m.start(), 1))) {
            codePoints += text.codePointCount(scanned, m.start());
            scanned = m.start();
            if (Math.abs(codePoints - near) >= Math.abs(best - near)) break; // moving away now
            best = codePoints;
            bestChar = m.start();
            bestEnd = m.end();
        }
        return new Highlight(best, best + text.codePointCount(bestChar, bestEnd), text.substring(bestChar, bestEnd));
    }
}
