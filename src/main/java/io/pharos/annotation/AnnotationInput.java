package io.pharos.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What a client sends to annotate a resource or change an annotation, read from JSON with errors that name the field. */
public final class AnnotationInput {
    static final int NOTE_MAX = 10_000;
    static final int TAGS_MAX = 20;
    static final int TAG_LENGTH_MAX = 100;
    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final Set<String> CREATE_FIELDS = Set.of("start_offset", "end_offset", "highlighted_text", "note", "tags", "color", "is_shared");
    private static final Set<String> PATCH_FIELDS = Set.of("note", "tags", "color", "is_shared");

    private AnnotationInput() {}

    /** A new annotation: code-point offsets with {@code end > start}, and the text between them. */
    public record Create(int startOffset, int endOffset, String highlightedText, String note, List<String> tags, String color, boolean shared) {}

    /** The fields of a patch; {@code noteSent}/{@code colorSent} tell a sent null (clear) from an absent field, null tags/shared keep them. */
    public record Patch(boolean noteSent, String note, List<String> tags, boolean colorSent, String color, Boolean shared) {}

    public static Create create(JsonNode body) {
        JsonInput in = JsonInput.of(body, CREATE_FIELDS);
        Long start = in.integer("start_offset", 0, Integer.MAX_VALUE);
        Long end = in.integer("end_offset", 0, Integer.MAX_VALUE);
        if (start == null) throw InvalidInputException.field("start_offset", "is required");
        if (end == null) throw InvalidInputException.field("end_offset", "is required");
        if (end <= start) throw InvalidInputException.field("end_offset", "must be greater than start_offset");
        String text = in.string("highlighted_text", Integer.MAX_VALUE);
        if (text == null) throw InvalidInputException.field("highlighted_text", "is required");
        String note = in.string("note", NOTE_MAX);
        List<String> tags = in.stringList("tags", TAGS_MAX, TAG_LENGTH_MAX);
        String color = color(in);
        Boolean shared = in.bool("is_shared");
        return new Create(start.intValue(), end.intValue(), text, note, tags == null ? List.of() : tags, color, shared != null && shared);
    }

    public static Patch patch(JsonNode body) {
        JsonInput in = JsonInput.of(body, PATCH_FIELDS);
        String note = in.string("note", NOTE_MAX);
        if (in.isNull("tags")) throw InvalidInputException.field("tags", "must be an array (send [] to clear it)");
        if (in.isNull("is_shared")) throw InvalidInputException.field("is_shared", "must be true or false");
        List<String> tags = in.stringList("tags", TAGS_MAX, TAG_LENGTH_MAX);
        String color = color(in);
        Boolean shared = in.bool("is_shared");
        return new Patch(in.has("note"), note, tags, in.has("color"), color, shared);
    }

    private static String color(JsonInput in) {
        String c = in.string("color", 7);
        if (c != null && !COLOR.matcher(c).matches()) throw InvalidInputException.field("color", "must be a hex colour like #ffcc00 or #fc0");
        return c;
    }
}
