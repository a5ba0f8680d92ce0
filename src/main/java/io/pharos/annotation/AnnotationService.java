package io.pharos.annotation;

import io.pharos.auth.LocalOwnerAdopted;
import io.pharos.auth.Principal;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.db.Database;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceEvent;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Annotations on a resource's content. Offsets count Unicode code points; {@code highlighted_text} must
 * equal the content between them when the annotation is made. A non-shared annotation is its author's
 * alone (others get 404); a shared one is readable by all, changed by its author only. When the content
 * changes, annotations follow their text or become stale ({@link #onResourceUpdated}).
 */
public final class AnnotationService {
    private final Database database;
    private final AnnotationStore store;
    private final ResourceLookup resources;
    private final Clock clock;
    private final io.pharos.auth.KnownUsers users;

    /** Annotations are content; their author is a user of the configuration part. */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONTENT, "annotations");
    public static final io.pharos.db.Part.CrossReference AUTHOR = new io.pharos.db.Part.CrossReference(io.pharos.db.Part.CONTENT, "annotations", "user_id", "users");

    public AnnotationService(Database database, ResourceLookup resources, Clock clock, io.pharos.auth.KnownUsers users) {
        this.users = users;
        this.database = database;
        this.store = new AnnotationStore();
        this.resources = resources;
        this.clock = clock;
    }

    public Annotation create(Principal p, ResourceId resourceId, AnnotationInput.Create in) {
        int start = in.startOffset(), end = in.endOffset();
        String text = in.highlightedText();
        Instant now = now();
        users.require(p.userId());
        return database.write(h -> {
            Resource r = resources.require(h, resourceId);
            String content = r.content() == null ? "" : r.content();
            int length = content.codePointCount(0, content.length());
            if (end > length) throw InvalidInputException.field("end_offset", "is beyond the end of the resource's content (" + length + " characters)");
            String between = content.substring(content.offsetByCodePoints(0, start), content.offsetByCodePoints(0, end));
            if (!between.equals(text)) throw InvalidInputException.field("highlighted_text", "does not match the resource's content between the offsets");
            Annotation a = new Annotation(AnnotationId.random(), resourceId, p.userId(), start, end, text, in.note(),
                    in.tags(), in.color(), in.shared(), false, now, now);
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

    public Annotation patch(Principal p, AnnotationId id, AnnotationInput.Patch in) {
        return database.write(h -> {
            Annotation a = owned(h, p, id);
            Annotation next = new Annotation(a.id(), a.resourceId(), a.userId(), a.startOffset(), a.endOffset(), a.highlightedText(),
                    in.noteSent() ? in.note() : a.note(), in.tags() != null ? in.tags() : a.tags(), in.colorSent() ? in.color() : a.color(),
                    in.shared() != null ? in.shared() : a.shared(), a.stale(), a.createdAt(), now());
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

    /**
     * Re-anchors a resource's annotations when its content changed (a {@link ResourceEvent.Updated} handler,
     * inside that write): each moves to the occurrence of its highlighted text nearest to where it was, or is
     * marked stale when the text no longer occurs (and current again if a later change brings it back).
     */
    public void onResourceUpdated(Handle h, ResourceEvent.Updated e) {
        String content = e.after().content();
        if (Objects.equals(e.before().content(), content)) return;
        for (AnnotationStore.Anchor a : store.anchors(h, e.id())) {
            OptionalInt at = Anchoring.nearest(content, a.highlightedText(), a.startOffset());
            if (at.isPresent()) {
                int end = at.getAsInt() + a.highlightedText().codePointCount(0, a.highlightedText().length());
                if (a.stale() || at.getAsInt() != a.startOffset() || end != a.endOffset()) store.moveTo(h, a.id(), at.getAsInt(), end);
            } else if (!a.stale()) {
                store.markStale(h, a.id());
            }
        }
    }

    /** The new admin takes over the local owner's annotations (a {@link LocalOwnerAdopted} handler, inside that write). */
    public void onLocalOwnerAdopted(Handle h, LocalOwnerAdopted e) {
        e.moved("annotations", store.changeAuthor(h, e.from(), e.to()));
    }

    private Annotation visible(Handle h, Principal p, AnnotationId id) {
        return store.find(h, id).filter(a -> a.visibleTo(p)).orElseThrow(() -> new NotFoundException("no annotation with id " + id));
    }

    private Annotation owned(Handle h, Principal p, AnnotationId id) {
        Annotation a = visible(h, p, id);
        if (!a.userId().equals(p.userId())) throw new ForbiddenException("only the author of annotation " + id + " may change it");
        return a;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
