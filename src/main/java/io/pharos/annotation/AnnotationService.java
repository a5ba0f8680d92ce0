package io.pharos.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.Principal;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.common.NotFoundException;
import io.pharos.db.Database;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Annotations on a resource's content. Offsets count Unicode code points; {@code highlighted_text} must
 * equal the content between them when the annotation is made. A non-shared annotation is its author's
 * alone (others get 404); a shared one is readable by all, changed by its author only.
 */
public final class AnnotationService {
    static final int NOTE_MAX = 10_000;
    static final int TAGS_MAX = 20;
    static final int TAG_LENGTH_MAX = 100;
    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final Set<String> CREATE_FIELDS = Set.of("start_offset", "end_offset", "highlighted_text", "note", "tags", "color", "is_shared");
    private static final Set<String> PATCH_FIELDS = Set.of("note", "tags", "color", "is_shared");

    private final Database database;
    private final AnnotationStore store;
    private final ResourceLookup resources;
    private final Clock clock;

    public AnnotationService(Database database, ResourceLookup resources, Clock clock) {
        this.database = database;
        this.store = new AnnotationStore();
        this.resources = resources;
        this.clock = clock;
    }

    public Annotation create(Principal p, ResourceId resourceId, JsonNode body) {
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
        Instant now = now();
        return database.write(h -> {
            Resource r = resources.require(h, resourceId);
            String content = r.content() == null ? "" : r.content();
            int length = content.codePointCount(0, content.length());
            if (end > length) throw InvalidInputException.field("end_offset", "is beyond the end of the resource's content (" + length + " characters)");
            String between = content.substring(content.offsetByCodePoints(0, start.intValue()), content.offsetByCodePoints(0, end.intValue()));
            if (!between.equals(text)) throw InvalidInputException.field("highlighted_text", "does not match the resource's content between the offsets");
            Annotation a = new Annotation(AnnotationId.random(), resourceId, p.userId(), start.intValue(), end.intValue(), text, note,
                    tags == null ? List.of() : tags, color, shared != null && shared, now, now);
            store.insert(h, a);
            return a;
        });
    }

    public Annotation get(Principal p, AnnotationId id) {
        return database.read(h -> visible(h, p, id));
    }

    public List<Annotation> list(Principal p, ResourceId resourceId) {
        return database.read(h -> {
            resources.require(h, resourceId);
            return store.listVisible(h, resourceId, p.userId());
        });
    }

    public Annotation patch(Principal p, AnnotationId id, JsonNode body) {
        JsonInput in = JsonInput.of(body, PATCH_FIELDS);
        String note = in.string("note", NOTE_MAX);
        if (in.isNull("tags")) throw InvalidInputException.field("tags", "must be an array (send [] to clear it)");
        if (in.isNull("is_shared")) throw InvalidInputException.field("is_shared", "must be true or false");
        List<String> tags = in.stringList("tags", TAGS_MAX, TAG_LENGTH_MAX);
        String color = color(in);
        Boolean shared = in.bool("is_shared");
        return database.write(h -> {
            Annotation a = owned(h, p, id);
            Annotation next = new Annotation(a.id(), a.resourceId(), a.userId(), a.startOffset(), a.endOffset(), a.highlightedText(),
                    in.has("note") ? note : a.note(), tags != null ? tags : a.tags(), in.has("color") ? color : a.color(),
                    shared != null ? shared : a.shared(), a.createdAt(), now());
            store.update(h, next);
            return next;
        });
    }

    public void delete(Principal p, AnnotationId id) {
        database.write(h -> {
            owned(h, p, id);
            store.delete(h, id);
            return null;
        });
    }

    private Annotation visible(Handle h, Principal p, AnnotationId id) {
        return store.find(h, id).filter(a -> a.visibleTo(p)).orElseThrow(() -> new NotFoundException("no annotation with id " + id));
    }

    private Annotation owned(Handle h, Principal p, AnnotationId id) {
        Annotation a = visible(h, p, id);
        if (!a.userId().equals(p.userId())) throw new ForbiddenException("only the author of annotation " + id + " may change it");
        return a;
    }

    private static String color(JsonInput in) {
        String c = in.string("color", 7);
        if (c != null && !COLOR.matcher(c).matches()) throw InvalidInputException.field("color", "must be a hex colour like #ffcc00 or #fc0");
        return c;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
