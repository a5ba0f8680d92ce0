package io.pharos.web;

import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pharos.web.WebClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/** The collections pages: the tree, the owner's changes (rename, move, visibility, remove a member), filtered and paged members; others see what the API lets them. */
class CollectionPagesTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required", "PHAROS_EMBEDDINGS", "none"));

    static TestUsers.Caller alice;
    static TestUsers.Caller bob;
    final WebClient web = new WebClient(server);

    @BeforeAll
    static void users() {
        alice = TestUsers.create(server, "Alice", Role.USER);
        bob = TestUsers.create(server, "Bob", Role.USER);
    }

    @Test
    void the_owner_renames_moves_and_shares_a_collection_and_others_then_see_it_without_the_forms() throws Exception {
        String harbour = collection("Harbour", "private", null);
        String boats = collection("Boats", "private", null);
        String cookie = web.signIn(alice.key());
        String csrf = web.csrf(cookie);
        var saved = web.post("/collections/" + boats + "/edit", form("csrf", csrf, "name", "<b>Boats</b> & ships", "description", "",
                "visibility", "shared", "parent_id", harbour), cookie);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        var api = alice.api().get("/api/v1/collections/" + boats).json();
        assertThat(api.get("name").asText()).isEqualTo("<b>Boats</b> & ships");
        assertThat(api.get("visibility").asText()).isEqualTo("shared");
        assertThat(api.get("parent_id").asText()).isEqualTo(harbour);

        String tree = web.get("/collections", cookie).body();
        assertThat(tree).contains("&lt;b&gt;Boats&lt;/b&gt; &amp; ships").doesNotContain("<b>Boats");
        assertThat(tree.indexOf("/collections/" + harbour)).isLessThan(tree.indexOf("/collections/" + boats));
        assertThat(tree).containsPattern("margin-left: 1.25rem\"><a href=\"/collections/" + boats);

        String bobs = web.signIn(bob.key());
        HttpResponse<String> seen = web.get("/collections/" + boats, bobs);
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.body()).doesNotContain("collection-settings");
        assertThat(web.post("/collections/" + boats + "/edit", form("csrf", web.csrf(bobs), "name", "mine"), bobs).statusCode()).isEqualTo(403);
        assertThat(web.get("/collections/" + harbour, bobs).statusCode()).as("still private").isEqualTo(404);
        assertThat(web.get("/collections", bobs).body()).contains("/collections/" + boats).doesNotContain("/collections/" + harbour);

        var moved = web.post("/collections/" + boats + "/edit", form("csrf", csrf, "name", "Boats", "visibility", "shared", "parent_id", ""), cookie);
        assertThat(moved.statusCode()).isEqualTo(303);
        assertThat(alice.api().get("/api/v1/collections/" + boats).json().get("parent_id").isNull()).as("back at the top").isTrue();
        var cycle = web.post("/collections/" + harbour + "/edit", form("csrf", csrf, "name", "Harbour", "parent_id", harbour), cookie);
        assertThat(cycle.statusCode()).isEqualTo(400);
        var blank = web.post("/collections/" + harbour + "/edit", form("csrf", csrf, "name", " "), cookie);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("name");
        assertThat(web.post("/collections/" + harbour + "/edit", form("csrf", "wrong", "name", "x"), cookie).statusCode()).isEqualTo(403);
    }

    @Test
    void members_are_paged_and_filtered_and_the_owner_removes_one() throws Exception {
        String shelf = collection("Shelf", "private", null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 55; i++) ids.add(resource(String.format("Chart %02d", i), i == 7 ? "map" : "chart"));
        assertThat(alice.api().post("/api/v1/collections/" + shelf + "/resources", Api.json(Map.of("resource_ids", ids))).status()).isEqualTo(200);
        String cookie = web.signIn(alice.key());

        String first = web.get("/collections/" + shelf, cookie).body();
        assertThat(first).contains("Chart 00").contains("Chart 49").doesNotContain("Chart 50");
        Matcher next = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"").matcher(first);
        assertThat(next.find()).isTrue();
        String second = web.get(next.group(1).replace("&amp;", "&"), cookie).body();
        assertThat(second).contains("Chart 50").contains("Chart 54").doesNotContain("Chart 49").doesNotContain("rel=\"next\"");
        String maps = web.get("/collections/" + shelf + "?type=map", cookie).body();
        assertThat(maps).contains("Chart 07").doesNotContain("Chart 08");
        assertThat(web.get("/collections/" + shelf + "?cursor=bogus", cookie).statusCode()).isEqualTo(400);

        var removed = web.post("/collections/" + shelf + "/members/" + ids.get(0) + "/remove", form("csrf", web.csrf(cookie)), cookie);
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(web.get("/collections/" + shelf, cookie).body()).doesNotContain("Chart 00");
        var again = web.post("/collections/" + shelf + "/members/" + ids.get(0) + "/remove", form("csrf", web.csrf(cookie)), cookie);
        assertThat(again.statusCode()).isEqualTo(404);
    }

    private static String collection(String name, String visibility, String parent) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "visibility", visibility));
        if (parent != null) body.put("parent_id", parent);
        Api.Response r = alice.api().post("/api/v1/collections", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String resource(String title, String type) {
        Api.Response r = alice.api().post("/api/v1/resources", Api.json(Map.of("title", title, "type", type, "content", title + " of the coast")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
