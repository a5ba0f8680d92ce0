package io.pharos.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pharos.auth.Authenticator;
import io.pharos.auth.Principal;
import io.pharos.auth.UserService;
import io.pharos.collection.Collection;
import io.pharos.collection.CollectionId;
import io.pharos.collection.CollectionInput;
import io.pharos.collection.CollectionService;
import io.pharos.common.Ids;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.http.FormBody;
import io.pharos.http.QueryParameters;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceQuery;

/** The collections pages: those the caller may see (the API's access rules), creating one, and one collection with its members. */
final class CollectionPages {
    private static final int PAGE_SIZE = 50;
    private static final int MEMBERS_SHOWN = 100;

    private final CollectionService collections;
    private final UserService users;
    private final Frames frames;

    CollectionPages(CollectionService collections, UserService users, Frames frames) {
        this.collections = collections;
        this.users = users;
        this.frames = frames;
    }

    void register(Javalin app) {
        app.get("/collections", ctx -> list(ctx, 200, null, "", "private"), QueryParameters.of("cursor"));
        app.post("/collections", this::create, FormBody.FORM);
        app.get("/collections/{id}", this::show);
    }

    private void list(Context ctx, int status, String problem, String name, String visibility) {
        String cursor = ctx.queryParam("cursor");
        io.pharos.common.Page<Collection> page;
        try {
            page = collections.list(Authenticator.caller(ctx), false, null, cursor, PAGE_SIZE);
        } catch (InvalidInputException e) {
            frames.message(ctx, 400, "Collections", "That link to a page of collections is broken; start from the first page.");
            return;
        }
        ctx.status(status);
        frames.render(ctx, "collections.jte", new CollectionsView(frames.page(ctx, "Collections"), page.items(), page.nextCursor(),
                problem, name, visibility));
    }

    private void create(Context ctx) {
        Frames.requireCsrf(ctx);
        String name = Frames.value(ctx, "name"), visibility = Frames.value(ctx, "visibility");
        try {
            Collection c = collections.create(Authenticator.caller(ctx), CollectionInput.create(Frames.json(ctx, "name", "visibility")));
            ctx.redirect("/collections/" + c.id(), HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            list(ctx, 400, Frames.sentence(e), name, visibility);
        }
    }

    private void show(Context ctx) {
        Principal caller = Authenticator.caller(ctx);
        Collection c;
        try {
            c = collections.get(caller, new CollectionId(Ids.param(ctx.pathParam("id"), "id")));
        } catch (NotFoundException | InvalidInputException e) {
            frames.message(ctx, 404, "Not found", "There is no collection here that you may see.");
            return;
        }
        var members = collections.resources(caller, c.id(), new ResourceQuery(ResourceFilter.none(), ResourceQuery.Sort.TITLE, false,
                MEMBERS_SHOWN, null));
        frames.render(ctx, "collection.jte", new CollectionView(frames.page(ctx, c.name()), c, users.user(c.ownerId()).email(),
                members.items(), members.nextCursor() != null));
    }
}
