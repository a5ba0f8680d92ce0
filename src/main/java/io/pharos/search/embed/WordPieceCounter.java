package io.pharos.search.embed;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the tokens a text takes in the shipped models' window, without their native tokenizer: the
 * BERT uncased pipeline that both all-MiniLM-L6-v2 and bge-small-en-v1.5 use (the same 30,522-entry
 * vocabulary in both tokenizer.json files): clean and lowercase, strip accents, split at whitespace and
 * punctuation, then greedy longest-match WordPiece ({@code ##} continuations, a word that cannot be
 * spelled is one {@code [UNK]}). A test holds it to the native tokenizer's count on real text.
 * The native tokenizer costs tens of microseconds a word over JNI; this costs a map lookup for a word
 * seen before, so chunking at import stays cheap.
 */
public final class WordPieceCounter {
    private static final int MAX_WORD_CHARS = 100;
    private static final int CACHE_LIMIT = 200_000;
    private static volatile WordPieceCounter shared;

    private final Set<String> vocabulary;
    private final ConcurrentHashMap<String, Integer> cache = new ConcurrentHashMap<>();

    private WordPieceCounter(Set<String> vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** The counter for the shipped models' vocabulary (read once from the all-MiniLM-L6-v2 jar). */
    public static WordPieceCounter shared() {
        WordPieceCounter c = shared;
        if (c == null) {
            synchronized (WordPieceCounter.class) {
                if (shared == null) shared = new WordPieceCounter(vocabulary(LocalModel.ALL_MINILM_L6_V2.tokenizerResource));
                c = shared;
            }
        }
        return c;
    }

    /** Tokens of {@code text} without the model's [CLS] and [SEP]. */
    public int count(String text) {
        if (text == null || text.isEmpty()) return 0;
        int total = 0;
        for (String word : text.split("\\s+")) total += countWord(word);
        return total;
    }

    /** Tokens of one whitespace-free word (cached: vocabularies of real text are small). */
    public int countWord(String word) {
        if (word.isEmpty()) return 0;
        Integer known = cache.get(word);
        if (known != null) return known;
        int n = 0;
        for (String piece : preTokenize(normalize(word))) n += wordPieces(piece);
        if (cache.size() >= CACHE_LIMIT) cache.clear();
        cache.put(word, n);
        return n;
    }

    /** BertNormalizer(clean_text, handle_chinese_chars, lowercase, accents stripped as lowercase implies). */
    static String normalize(String s) {
        StringBuilder out = new StringBuilder(s.length() + 4);
        s.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || (isControl(cp) && !Character.isWhitespace(cp))) return;
            if (isWhitespace(cp)) out.append(' ');
            else if (isChinese(cp)) out.append(' ').appendCodePoint(cp).append(' ');
            else out.appendCodePoint(cp);
        });
        String stripped = Normalizer.normalize(out, Normalizer.Form.NFD);
        StringBuilder kept = new StringBuilder(stripped.length());
        stripped.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(kept::appendCodePoint);
        return kept.toString().toLowerCase(Locale.ROOT);
    }

    /** BertPreTokenizer: whitespace separates, every punctuation character stands alone. */
    static List<String> preTokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isWhitespace(cp) || isPunctuation(cp)) {
                if (!word.isEmpty()) out.add(word.toString());
                word.setLength(0);
                if (isPunctuation(cp)) out.add(new String(Character.toChars(cp)));
            } else {
                word.appendCodePoint(cp);
            }
        }
        if (!word.isEmpty()) out.add(word.toString());
        return out;
    }

    private int wordPieces(String word) {
        if (word.codePointCount(0, word.length()) > MAX_WORD_CHARS) return 1;
        int pieces = 0;
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            boolean found = false;
            while (end > start) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                if (vocabulary.contains(sub)) {
                    found = true;
                    break;
                }
                end = word.offsetByCodePoints(end, -1);
            }
            if (!found) return 1;   // the whole word becomes [UNK]
            pieces++;
            start = end;
        }
        return pieces;
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE || t == Character.SURROGATE
                || t == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** The keys of {@code model.vocab} in a tokenizer.json. */
    private static Set<String> vocabulary(String resource) {
        try (InputStream in = WordPieceCounter.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IOException("the tokenizer " + resource + " is not on the classpath (its Maven artifact is missing)");
            Set<String> vocab = new HashSet<>(40_000);
            new ObjectMapper().readTree(in).path("model").path("vocab").fieldNames().forEachRemaining(vocab::add);
            if (vocab.isEmpty()) throw new IOException("no model.vocab in " + resource);
            return vocab;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
