package io.pharos.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pharos.annotation.Annotation;
import io.pharos.annotation.AnnotationId;
import io.pharos.annotation.AnnotationInput;
import io.pharos.annotation.AnnotationService;
import io.pharos.auth.Authenticator;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.http.FormBody;

/** Changing and deleting one's own annotations from a resource's page (the annotation service checks they are the caller's). */
final class AnnotationPages {
    private final AnnotationService annotations;
    private final Frames frames;

    AnnotationPages(AnnotationService annotations, Frames frames) {
        this.annotations = annotations;
        this.frames = frames;
    }

    void register(Javalin app) {
        app.post("/resources/{id}/annotations/{annotation}/edit", this::edit, FormBody.FORM);
        app.post("/resources/{id}/annotations/{annotation}/delete", this::delete, FormBody.FORM);
    }

    private void edit(Context ctx) {
        Frames.requireCsrf(ctx);
        ObjectNode body = Frames.json(ctx, "note");
        body.put("is_shared", ctx.formParam("shared") != null);
        change(ctx, id -> annotations.patch(Authenticator.caller(ctx), id, AnnotationInput.patch(body)));
    }

    private void delete(Context ctx) {
        Frames.requireCsrf(ctx);
        change(ctx, id -> {
            annotations.delete(Authenticator.caller(ctx), id);
            return null;
        });
    }

    /** Runs the change on the path's annotation of the path's resource, then back to the resource's annotations. */
    private void change(Context ctx, java.util.function.Function<AnnotationId, Annotation> what) {
        AnnotationId id;
        try {
            id = AnnotationId.param(ctx.pathParam("annotation"), "annotation");
        } catch (InvalidInputException e) {
            frames.message(ctx, 404, "Not found", "There is no annotation here.");
            return;
        }
        try {
            Annotation a = annotations.get(Authenticator.caller(ctx), id);
            if (!a.resourceId().toString().equals(ctx.pathParam("id"))) throw new NotFoundException("the annotation is not on this resource");
            what.apply(id);
            ctx.redirect("/resources/" + a.resourceId() + "#annotations", HttpStatus.SEE_OTHER);
        } catch (NotFoundException | ForbiddenException e) {
            frames.message(ctx, 404, "Not found", "There is no annotation of yours here; it may have been deleted.");
        } catch (InvalidInputException e) {
            frames.message(ctx, 400, "Annotation not changed", Frames.sentence(e));
        }
    }
}
