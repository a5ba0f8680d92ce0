package io.pharos.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits a resource's text into chunks sized for the embedding model's window. A chunk is embedded as
 * {@code [CLS] title heading text [SEP]}, and that whole input must fit in {@code maxTokens} tokens as
 * the model counts them ({@code tokensOfWord}), so each section's text gets what the title and its heading
 * leave (at least half the window: a very long title lets the model cut the chunk's tail rather than
 * making chunks of a few words).
 *
 * <p>Sections start at Markdown headings ({@code # ..} to {@code ###### ..}) and keep their heading.
 * Inside a section, paragraphs (blank-line separated) are packed into a chunk while they fit; a
 * paragraph that does not fit starts the next chunk, and a paragraph longer than the budget is cut at
 * word boundaries. Consecutive chunks of a section share up to {@code overlapTokens} tokens of words.
 */
public final class Chunker {

    public record Piece(int ordinal, String heading, String text) {}

    /** [CLS] and [SEP]. */
    static final int SPECIAL_TOKENS = 2;

    private final int maxTokens;
    private final int overlapTokens;
    private final ToIntFunction<String> tokensOfWord;

    public Chunker(int maxTokens, int overlapTokens, ToIntFunction<String> tokensOfWord) {
        if (maxTokens < 16 || overlapTokens < 0 || overlapTokens >= maxTokens / 4) throw new IllegalArgumentException("bad chunk sizes");
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
        this.tokensOfWord = tokensOfWord;
    }

    public List<Piece> split(String title, String text) {
        List<Piece> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        int titleTokens = tokens(title);
        Section section = new Section(null, titleTokens, out);
        for (String block : text.split("\\n\\s*\\n|\\r?\\n(?=#{1,6}\\s)")) {
            String b = block.strip();
            if (b.isEmpty()) continue;
            String heading = headingOf(b);
            if (heading != null) {
                section.flush();
                section = new Section(heading, titleTokens, out);
                b = b.contains("\n") ? b.substring(b.indexOf('\n') + 1).strip() : "";
                if (b.isEmpty()) continue;
            }
            section.paragraph(b.split("\\s+"));
        }
        section.flush();
        return out;
    }

    private int tokens(String s) {
        if (s == null || s.isBlank()) return 0;
        int n = 0;
        for (String w : s.strip().split("\\s+")) n += tokensOfWord.applyAsInt(w);
        return n;
    }

    /** The chunks of one section, filled word by word within the text budget. */
    private final class Section {
        private final String heading;
        private final int budget;
        private final List<Piece> out;
        private final List<String> words = new ArrayList<>();
        private final List<Integer> costs = new ArrayList<>();
        private int used;
        private int fresh;     // words not carried over from the previous chunk

        Section(String heading, int titleTokens, List<Piece> out) {
            this.heading = heading;
            this.budget = Math.max(maxTokens / 2, maxTokens - SPECIAL_TOKENS - titleTokens - tokens(heading));
            this.out = out;
        }

        void paragraph(String[] paragraph) {
            int[] cost = new int[paragraph.length];
            int total = 0;
            for (int i = 0; i < paragraph.length; i++) total += cost[i] = tokensOfWord.applyAsInt(paragraph[i]);
            if (fresh > 0 && used + total > budget) next();
            for (int i = 0; i < paragraph.length; i++) {
                if (fresh > 0 && used + cost[i] > budget) next();
                while (!words.isEmpty() && used + cost[i] > budget) drop();   // carried words make room
                words.add(paragraph[i]);
                costs.add(cost[i]);
                used += cost[i];
                fresh++;
            }
        }

        /** Emits the chunk and keeps its last words (up to the overlap) to start the next one. */
        private void next() {
            flush();
            while (used > overlapTokens) drop();
        }

        private void drop() {
            used -= costs.removeFirst();
            words.removeFirst();
        }

        void flush() {
            if (fresh > 0) out.add(new Piece(out.size(), heading, String.join(" ", words)));
            fresh = 0;
        }
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
