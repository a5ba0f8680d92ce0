package io.pharos.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A paragraph of a resource's content as the page shows it, with the code-point offset where it starts in the content. */
public record Paragraph(String text, int offset) {
    private static final Pattern BREAK = Pattern.compile("\\n\\s*\\n");

    /** The content's paragraphs (split at blank lines, stripped, empty ones left out). */
    static List<Paragraph> of(String content) {
        if (content == null) return List.of();
        List<Paragraph> out = new ArrayList<>();
        Matcher m = BREAK.matcher(content);
        int from = 0;
        while (m.find()) {
            add(out, content, from, m.start());
            from = m.end();
        }
        add(out, content, from, content.length());
        return List.copyOf(out);
    }

    private static void add(List<Paragraph> out, String content, int from, int to) {
        String piece = content.substring(from, to);
        String text = piece.strip();
        if (text.isEmpty()) return;
        int start = from + piece.indexOf(text);
        out.add(new Paragraph(text, content.codePointCount(0, start)));
    }
}
