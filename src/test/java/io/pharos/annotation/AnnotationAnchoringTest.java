package io.pharos.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.Role;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a resource's content changes, each annotation follows its highlighted text (the occurrence nearest to
 * where it was) or is marked stale; no annotation read ever has offsets outside the content.
 */
class AnnotationAnchoringTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    @RegisterExtension
    static final TestDatabase oldSchema = new TestDatabase();

    static Api alice;

    @BeforeAll
    static void users() {
        alice = TestUsers.create(server, "Alice", Role.USER).api();
    }

    private record Made(String resource, String annotation) {}

    /** A resource with {@code content} and an annotation over the occurrence of {@code text} at {@code fromIndex} or after. */
    private static Made annotate(String content, String text, int fromIndex) {
        String r = alice.post("/api/v1/resources", Api.json(Map.of("title", "anchoring", "content", content))).json().get("id").asText();
        int start = content.codePointCount(0, content.indexOf(text, fromIndex));
        Api.Response a = alice.post("/api/v1/resources/" + r + "/annotations", Api.json(Map.of(
                "start_offset", start, "end_offset", start + text.codePointCount(0, text.length()), "highlighted_text", text)));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.json().get("stale").asBoolean()).isFalse();
        return new Made(r, a.json().get("id").asText());
    }

    private static void setContent(String resource, String content) {
        long version = alice.get("/api/v1/resources/" + resource).json().get("version").asLong();
        Map<String, Object> body = new HashMap<>();
        body.put("content", content);
        Api.Response r = alice.patch("/api/v1/resources/" + resource, Api.json(body), "\"" + version + "\"");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static JsonNode read(Made m) {
        return alice.get("/api/v1/annotations/" + m.annotation()).json();
    }

    /** The annotation's offsets lie within the content, and when current its text is what they cover. */
    private static void assertWithinContent(JsonNode a, String content) {
        String c = content == null ? "" : content;
        int length = c.codePointCount(0, c.length());
        int start = a.get("start_offset").asInt(), end = a.get("end_offset").asInt();
        assertThat(start).isBetween(0, length);
        assertThat(end).isBetween(start, length);
        if (!a.get("stale").asBoolean()) {
            assertThat(c.substring(c.offsetByCodePoints(0, start), c.offsetByCodePoints(0, end))).isEqualTo(a.get("highlighted_text").asText());
        }
    }

    @Test
    void an_annotation_follows_its_text_to_the_nearest_occurrence() {
        Made m = annotate("the fox and the dog", "the", 4);          // the second "the", at 12
        String moved = "so 𝄞 the fox and the dog";                    // now at 3+2=5 and 17
        setContent(m.resource(), moved);
        JsonNode a = read(m);
        assertThat(a.get("stale").asBoolean()).isFalse();
        assertThat(a.get("start_offset").asInt()).as("the occurrence nearest to 12, in code points").isEqualTo(17);
        assertThat(a.get("end_offset").asInt()).isEqualTo(20);
        assertWithinContent(a, moved);
    }

    @Test
    void an_annotation_whose_text_is_gone_is_stale_within_the_content_and_current_again_when_it_returns() {
        Made m = annotate("a long introduction, then the key sentence near the end", "key sentence", 0);
        String shorter = "a short text";
        setContent(m.resource(), shorter);
        JsonNode a = read(m);
        assertThat(a.get("stale").asBoolean()).isTrue();
        assertThat(a.get("highlighted_text").asText()).isEqualTo("key sentence");
        assertWithinContent(a, shorter);
        JsonNode listed = alice.get("/api/v1/resources/" + m.resource() + "/annotations").json().get("items").get(0);
        assertThat(listed.get("stale").asBoolean()).isTrue();
        assertWithinContent(listed, shorter);

        setContent(m.resource(), null);
        JsonNode cleared = read(m);
        assertThat(cleared.get("stale").asBoolean()).isTrue();
        assertThat(cleared.get("start_offset").asInt()).isZero();
        assertThat(cleared.get("end_offset").asInt()).isZero();

        String back = "it is back: the key sentence";
        setContent(m.resource(), back);
        JsonNode again = read(m);
        assertThat(again.get("stale").asBoolean()).isFalse();
        assertWithinContent(again, back);
    }

    @Test
    void a_change_that_leaves_the_content_alone_moves_nothing() {
        Made m = annotate("one two three", "two", 0);
        long version = alice.get("/api/v1/resources/" + m.resource()).json().get("version").asLong();
        assertThat(alice.patch("/api/v1/resources/" + m.resource(), "{\"title\":\"renamed\"}", "\"" + version + "\"").status()).isEqualTo(200);
        JsonNode a = read(m);
        assertThat(a.get("start_offset").asInt()).isEqualTo(4);
        assertThat(a.get("stale").asBoolean()).isFalse();
    }

    @Test
    void every_annotation_of_the_resource_is_re_anchored_whoever_wrote_it() {
        Made mine = annotate("alpha beta gamma", "gamma", 0);
        Api bob = TestUsers.create(server, "Bob", Role.USER).api();
        Api.Response his = bob.post("/api/v1/resources/" + mine.resource() + "/annotations",
                "{\"start_offset\":6,\"end_offset\":10,\"highlighted_text\":\"beta\"}");
        assertThat(his.status()).as(his.body()).isEqualTo(201);
        setContent(mine.resource(), "gamma first, beta later");
        JsonNode b = bob.get("/api/v1/annotations/" + his.json().get("id").asText()).json();
        assertThat(b.get("start_offset").asInt()).isEqualTo(13);
        assertThat(read(mine).get("start_offset").asInt()).isZero();
    }

    @Test
    void the_upgrade_marks_annotations_already_out_of_place_as_stale() {
        try (Database db = Database.open(oldSchema.settings())) {
            SchemaMigrator m = new SchemaMigrator(db);
            m.upgradeTo("v004");
            UUID user = UUID.randomUUID(), resource = UUID.randomUUID(), fits = UUID.randomUUID(), moved = UUID.randomUUID();
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            db.write(h -> {
                h.createUpdate("INSERT INTO users (id, name, email, role, created_at) VALUES (:id, 'U', 'u@example.org', 'user', :t)")
                        .bind("id", user).bind("t", now).execute();
                h.createUpdate("INSERT INTO resources (id, title, content, created_at, updated_at, version) VALUES (:id, 't', 'short 𝄞 text', :t, :t, 1)")
                        .bind("id", resource).bind("t", now).execute();
                for (Object[] a : new Object[][] {{fits, 8, 12, "text"}, {moved, 20, 30, "gone words"}}) {
                    h.createUpdate("""
                                    INSERT INTO annotations (id, resource_id, user_id, start_offset, end_offset, highlighted_text, is_shared, created_at, updated_at)
                                    VALUES (:id, :r, :u, :s, :e, :text, :shared, :t, :t)""")
                            .bind("id", a[0]).bind("r", resource).bind("u", user).bind("s", a[1]).bind("e", a[2]).bind("text", a[3])
                            .bind("shared", false).bind("t", now).execute();
                }
                return null;
            });
            m.upgrade();
            Map<UUID, Boolean> stale = new HashMap<>();
            db.read(h -> h.createQuery("SELECT id, is_stale FROM annotations").map((rs, ctx) ->
                    stale.put(ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, "id", ctx), rs.getBoolean("is_stale"))).list());
            assertThat(stale).containsEntry(fits, false).containsEntry(moved, true);
            m.downgradeTo("v004");
            m.upgrade();
        }
    }
}
