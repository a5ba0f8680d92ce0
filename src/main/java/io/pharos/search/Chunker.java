package io.pharos.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a resource's text into chunks for indexing. Sections start at Markdown headings ({@code # ..}
 * to {@code ###### ..}); inside a section, paragraphs (blank-line separated) are packed into chunks of
 * at most {@code maxWords} words; a paragraph longer than that is cut into windows of {@code maxWords}
 * words that overlap by {@code overlapWords}, and consecutive chunks of a section share the last
 * {@code overlapWords} words. Each chunk keeps its section heading (weighted between title and body).
 */
public final class Chunker {

    public record Piece(int ordinal, String heading, String text) {}

    private final int maxWords;
    private final int overlapWords;

    public Chunker(int maxWords, int overlapWords) {
        if (maxWords < 8 || overlapWords < 0 || overlapWords >= maxWords / 2) throw new IllegalArgumentException("bad chunk sizes");
        this.maxWords = maxWords;
        this.overlapWords = overlapWords;
    }

    public List<Piece> split(String text) {
        List<Piece> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        String heading = null;
        List<String> words = new ArrayList<>();      // the chunk being filled
        int fresh = 0;                                // words in it not carried over from the previous chunk
        for (String block : text.split("\\n\\s*\\n|\\r?\\n(?=#{1,6}\\s)")) {
            String b = block.strip();
            if (b.isEmpty()) continue;
            String newHeading = headingOf(b);
            if (newHeading != null) {
                if (fresh > 0) out.add(piece(out.size(), heading, words));
                words = new ArrayList<>();
                fresh = 0;
                heading = newHeading;
                String rest = b.contains("\n") ? b.substring(b.indexOf('\n') + 1).strip() : "";
                if (rest.isEmpty()) continue;
                b = rest;
            }
            List<String> paragraph = List.of(b.split("\\s+"));
            if (fresh > 0 && words.size() + paragraph.size() > maxWords) {
                out.add(piece(out.size(), heading, words));
                words = new ArrayList<>(tail(words));
                fresh = 0;
            }
            int start = 0;
            while (start < paragraph.size()) {
                int room = maxWords - words.size();
                int end = Math.min(paragraph.size(), start + room);
                words.addAll(paragraph.subList(start, end));
                fresh += end - start;
                start = end;
                if (start < paragraph.size()) {
                    out.add(piece(out.size(), heading, words));
                    words = new ArrayList<>(tail(words));
                    fresh = 0;
                }
            }
        }
        if (fresh > 0) out.add(piece(out.size(), heading, words));
        return out;
    }

    private List<String> tail(List<String> words) {
        return words.subList(Math.max(0, words.size() - overlapWords), words.size());
    }

    private static Piece piece(int ordinal, String heading, List<String> words) {
        return new Piece(ordinal, heading, String.join(" ", words));
    }

    private static String headingOf(String block) {
        String first = block.lines().findFirst().orElse("");
        int hashes = 0;
        while (hashes < first.length() && first.charAt(hashes) == '#') hashes++;
        if (hashes == 0 || hashes > 6 || hashes >= first.length() || !Character.isWhitespace(first.charAt(hashes))) return null;
        String h = first.substring(hashes).strip();
        return h.isEmpty() ? null : h;
    }
}
