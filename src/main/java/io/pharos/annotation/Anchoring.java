package io.pharos.annotation;

import java.util.OptionalInt;

/** Where a highlighted text is in a changed content: the occurrence nearest to where it was (code points). */
final class Anchoring {
    private Anchoring() {}

    /**
     * The code-point offset of the occurrence of {@code text} in {@code content} whose start is nearest to
     * {@code oldStart} (the earlier one on a tie), or empty when {@code text} does not occur.
     */
    static OptionalInt nearest(String content, String text, int oldStart) {
        if (content == null || text.isEmpty()) return OptionalInt.empty();
        int best = -1;
        int charAt = content.indexOf(text);
        int scanned = 0, codePoints = 0;
        while (charAt >= 0) {
            codePoints += content.codePointCount(scanned, charAt);
            scanned = charAt;
            if (best >= 0 && Math.abs(codePoints - oldStart) >= Math.abs(best - oldStart)) break; // moving away now
            best = codePoints;
            charAt = content.indexOf(text, charAt + Character.charCount(content.codePointAt(charAt)));
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }
}
