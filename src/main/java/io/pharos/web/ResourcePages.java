package io.pharos.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pharos.annotation.AnnotationInput;
import io.pharos.annotation.AnnotationService;
import io.pharos.auth.Authenticator;
import io.pharos.auth.Principal;
import io.pharos.collection.CollectionId;
import io.pharos.collection.CollectionService;
import io.pharos.common.Ids;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.common.StaleVersionException;
import io.pharos.http.FormBody;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceInput;
import io.pharos.resource.ResourceService;

import java.util.List;

/**
 * A resource's pages: reading it with its annotations, annotating it, editing its metadata (with the version
 * check: a stale form is answered again with the user's values kept), deleting it, adding it to a collection.
 */
final class ResourcePages {
    private static final String[] EDITABLE = {"title", "description", "creator", "type", "language"};
    private static final int COLLECTIONS_SHOWN = 200;

    private final ResourceService resources;
    private final AnnotationService annotations;
    private final CollectionService collections;
    private final Frames frames;

    ResourcePages(ResourceService resources, AnnotationService annotations, CollectionService collections, Frames frames) {
        this.resources = resources;
        this.annotations = annotations;
        this.collections = collections;
        this.frames = frames;
    }

    void register(Javalin app) {
        app.get("/resources/{id}", ctx -> withResource(ctx, r -> show(ctx, r, 200, null, ResourceView.Draft.EMPTY)));
        app.post("/resources/{id}/annotations", this::annotate, FormBody.FORM);
        app.get("/resources/{id}/edit", ctx -> withResource(ctx, r -> frames.render(ctx, "edit.jte",
                new EditView(frames.page(ctx, "Edit " + r.title()), r.id().toString(), EditView.Form.of(r), r.version(), null, null))));
        app.post("/resources/{id}/edit", this::edit, FormBody.FORM);
        app.post("/resources/{id}/delete", this::delete, FormBody.FORM);
        app.post("/resources/{id}/collections", this::addToCollection, FormBody.FORM);
    }

    private void show(Context ctx, Resource r, int status, String problem, ResourceView.Draft draft) {
        Principal caller = Authenticator.caller(ctx);
        List<Paragraph> paragraphs = Paragraph.of(r.content());
        var mine = collections.list(caller, true, null, null, COLLECTIONS_SHOWN).items();
        ctx.status(status);
        frames.render(ctx, "resource.jte", new ResourceView(frames.page(ctx, r.title()), r, paragraphs,
                annotations.list(caller, r.id()), mine, problem, draft, caller.userId()));
    }

    private void annotate(Context ctx) {
        Frames.requireCsrf(ctx);
        withResource(ctx, r -> {
            var draft = new ResourceView.Draft(Frames.value(ctx, "highlighted_text"), Frames.value(ctx, "note"), ctx.formParam("shared") != null);
            try {
                Highlight h = Highlight.find(r.content(), draft.text(), near(ctx));
                ObjectNode body = Frames.json(ctx, "note");
                body.put("start_offset", h.start()).put("end_offset", h.end()).put("highlighted_text", h.text()).put("is_shared", draft.shared());
                annotations.create(Authenticator.caller(ctx), r.id(), AnnotationInput.create(body));
                ctx.redirect("/resources/" + r.id() + "#annotations", HttpStatus.SEE_OTHER);
            } catch (InvalidInputException e) {
                show(ctx, r, 400, Frames.sentence(e), draft);
            }
        });
    }

    private void edit(Context ctx) {
        Frames.requireCsrf(ctx);
        withResource(ctx, r -> {
            var form = new EditView.Form(Frames.value(ctx, "title"), Frames.value(ctx, "description"), Frames.value(ctx, "creator"),
                    Frames.value(ctx, "type"), Frames.value(ctx, "language"));
            long version = r.version();
            try {
                version = version(ctx);
                ObjectNode body = Frames.json(ctx, EDITABLE);
                resources.patch(r.id(), ResourceInput.read(body, false), version);
                ctx.redirect("/resources/" + r.id(), HttpStatus.SEE_OTHER);
            } catch (StaleVersionException e) {
                Resource now = resources.get(r.id());
                ctx.status(409);
                frames.render(ctx, "edit.jte", new EditView(frames.page(ctx, "Edit " + now.title()), r.id().toString(), form, now.version(),
                        "Someone changed this resource since you opened the form. Your values are kept below; the current ones are shown "
                                + "beside them. Save again to replace them with yours.", now));
            } catch (NotFoundException e) {
                frames.message(ctx, 404, "Not found", "This resource was deleted while you edited it.");
            } catch (InvalidInputException e) {
                ctx.status(400);
                frames.render(ctx, "edit.jte", new EditView(frames.page(ctx, "Edit " + r.title()), r.id().toString(), form, version,
                        Frames.sentence(e), null));
            }
        });
    }

    /** Where the page's script saw the selection start (code points), or null: a hint, so a bad one is ignored. */
    private static Integer near(Context ctx) {
        String v = ctx.formParam("near");
        try {
            return v == null || v.isBlank() ? null : Math.max(0, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long version(Context ctx) {
        String v = ctx.formParam("version");
        try {
            return Long.parseLong(v == null ? "" : v.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("version", "is missing; open the edit form again");
        }
    }

    private void delete(Context ctx) {
        Frames.requireCsrf(ctx);
        withResource(ctx, r -> {
            resources.delete(r.id());
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        });
    }

    private void addToCollection(Context ctx) {
        Frames.requireCsrf(ctx);
        withResource(ctx, r -> {
            try {
                String chosen = ctx.formParam("collection_id");
                if (chosen == null || chosen.isBlank()) throw InvalidInputException.field("collection", "is required: choose one of your collections");
                CollectionId id = new CollectionId(Ids.field(chosen.strip(), "collection"));
                collections.addResources(Authenticator.caller(ctx), id, List.of(r.id()));
                ctx.redirect("/collections/" + id, HttpStatus.SEE_OTHER);
            } catch (InvalidInputException e) {
                show(ctx, r, 400, Frames.sentence(e), ResourceView.Draft.EMPTY);
            } catch (NotFoundException | io.pharos.common.ForbiddenException e) {
                show(ctx, r, 404, "That collection does not exist or is not yours.", ResourceView.Draft.EMPTY);
            }
        });
    }

    /** Runs {@code then} with the resource of the path, or answers a page saying it does not exist (404). */
    private void withResource(Context ctx, java.util.function.Consumer<Resource> then) {
        Resource r;
        try {
            r = resources.get(ResourceId.parse(ctx.pathParam("id"), "id"));
        } catch (NotFoundException | InvalidInputException e) {
            frames.message(ctx, 404, "Not found", "There is no resource here; it may have been deleted.");
            return;
        }
        then.accept(r);
    }
}
