package io.pharos.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.pharos.common.ForbiddenException;
import io.pharos.common.Ids;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.common.PharosException;
import io.pharos.http.FormBody;
import io.pharos.http.QueryParameters;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceQuery;
import io.pharos.resource.ResourceRoutes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The collections pages: the tree of those the caller may see (the API's access rules), creating one, and one
 * collection with its members (filtered, paged); its owner renames, moves, re-describes it, changes its
 * visibility and removes members.
 */
final class CollectionPages {
    /** The most collections the tree shows (the API pages through all of them). */
    static final int TREE_MAX = 1_000;
    static final int MEMBERS_PAGE = 50;

    private final CollectionService collections;
    private final UserService users;
    private final Frames frames;

    CollectionPages(CollectionService collections, UserService users, Frames frames) {
        this.collections = collections;
        this.users = users;
        this.frames = frames;
    }

    void register(Javalin app) {
        app.get("/collections", ctx -> list(ctx, 200, null, "", "private"));
        app.post("/collections", this::create, FormBody.FORM);
        app.get("/collections/{id}", ctx -> show(ctx, 200, null), QueryParameters.of("cursor").and(ResourceFilter.PARAMETERS));
        app.post("/collections/{id}/edit", this::edit, FormBody.FORM);
        app.post("/collections/{id}/members/{resource}/remove", this::remove, FormBody.FORM);
    }

    private void list(Context ctx, int status, String problem, String name, String visibility) {
        List<Collection> all = visible(Authenticator.caller(ctx), false);
        ctx.status(status);
        frames.render(ctx, "collections.jte", new CollectionsView(frames.page(ctx, "Collections"), CollectionsView.tree(all),
                all.size() >= TREE_MAX, problem, name, visibility));
    }

    /** The collections the caller may see ({@code mineOnly}: owns), up to {@link #TREE_MAX}. */
    private List<Collection> visible(Principal caller, boolean mineOnly) {
        List<Collection> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = collections.list(caller, mineOnly, null, cursor, 200);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && all.size() < TREE_MAX);
        return all;
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

    private void show(Context ctx, int status, String problem) {
        Principal caller = Authenticator.caller(ctx);
        Collection c = collection(ctx);
        if (c == null) return;
        Map<String, String> filters = new LinkedHashMap<>();
        for (String f : SearchView.FILTERS) {
            String v = ctx.queryParam(f);
            if (v != null && !v.isBlank()) filters.put(f, v);
        }
        var query = new SearchView.Query("", "", false, filters);
        List<io.pharos.resource.Resource> members = List.of();
        String next = null;
        try {
            var page = collections.resources(caller, c.id(), new ResourceQuery(ResourceRoutes.filter(ctx), ResourceQuery.Sort.TITLE, false,
                    MEMBERS_PAGE, ResourceQuery.decodeCursor(ctx.queryParam("cursor"), ResourceQuery.Sort.TITLE, false)));
            members = page.items();
            next = page.nextCursor();
        } catch (InvalidInputException e) {
            status = 400;
            problem = Frames.sentence(e);
        }
        boolean owner = c.ownerId().equals(caller.userId());
        List<Collection> parents = owner ? visible(caller, true).stream().filter(o -> !o.id().equals(c.id())).toList() : List.of();
        ctx.status(status);
        frames.render(ctx, "collection.jte", new CollectionView(frames.page(ctx, c.name()), c, users.user(c.ownerId()).email(),
                members, next, query, owner, parents, problem));
    }

    private void edit(Context ctx) {
        Frames.requireCsrf(ctx);
        Collection c = collection(ctx);
        if (c == null) return;
        ObjectNode body = Frames.json(ctx, "name", "description", "visibility", "parent_id");
        if (body.get("name").isNull()) body.put("name", "");   // a blank name is refused by name, not taken as "unchanged"
        if (body.get("visibility").isNull()) body.remove("visibility");
        change(ctx, c, () -> collections.patch(Authenticator.caller(ctx), c.id(), CollectionInput.patch(body)));
    }

    private void remove(Context ctx) {
        Frames.requireCsrf(ctx);
        Collection c = collection(ctx);
        if (c == null) return;
        change(ctx, c, () -> collections.removeResource(Authenticator.caller(ctx), c.id(), ResourceId.parse(ctx.pathParam("resource"), "resource")));
    }

    /** Runs an owner's change, then back to the collection; a refused one is told on its page. */
    private void change(Context ctx, Collection c, Runnable what) {
        try {
            what.run();
            ctx.redirect("/collections/" + c.id(), HttpStatus.SEE_OTHER);
        } catch (ForbiddenException e) {
            show(ctx, 403, "Only the collection's owner may change it.");
        } catch (NotFoundException e) {
            show(ctx, 404, Frames.sentence(e));
        } catch (PharosException e) {
            show(ctx, 400, Frames.sentence(e));
        }
    }

    /** The path's collection if the caller may see it, else null after answering a 404 page. */
    private Collection collection(Context ctx) {
        try {
            return collections.get(Authenticator.caller(ctx), new CollectionId(Ids.param(ctx.pathParam("id"), "id")));
        } catch (NotFoundException | InvalidInputException e) {
            frames.message(ctx, 404, "Not found", "There is no collection here that you may see.");
            return null;
        }
    }
}
