package io.pharos.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client writing continuously through the HTTP API while a live migration runs (creates, patches,
 * deletes, memberships, annotations) and one reading: it remembers every write that got a 2xx, the
 * resources it deleted, and every response that broke the rules (a failed read, a 5xx other than 503 with
 * Retry-After). A write answered 503 is sent again, as a client honouring Retry-After would.
 */
final class LiveWriter implements AutoCloseable {
    final Map<String, String> titles = new ConcurrentHashMap<>();   // resource id → last acknowledged title
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final Set<String> memberships = ConcurrentHashMap.newKeySet();  // collection id + "/" + resource id
    final Map<String, String> annotations = new ConcurrentHashMap<>();  // annotation id → resource id
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong held = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    /** Longest run of held writes: from the first 503 to the next 2xx write, in ms. */
    final AtomicLong longestPauseMs = new AtomicLong();

    private final Api api;
    private final List<String> collections;
    private final List<String> alive = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread writer;
    private final Thread reader;
    private final Random random = new Random(7);
    private long heldSince;

    LiveWriter(Api api, List<String> seeded, List<String> collections) {
        this.api = api;
        this.collections = collections;
        alive.addAll(seeded);
        seeded.forEach(id -> titles.put(id, "?"));   // titles of seeded rows are not asserted
        writer = Thread.ofPlatform().name("live-writer").start(this::writeLoop);
        reader = Thread.ofPlatform().name("live-reader").start(this::readLoop);
    }

    private void writeLoop() {
        int n = 0;
        while (running.get()) {
            n++;
            int op = random.nextInt(10);
            try {
                if (op < 3 || alive.size() < 10) create(n);
                else if (op < 6) patch(n);
                else if (op < 7) delete();
                else if (op < 9) member();
                else annotate();
            } catch (RuntimeException | AssertionError e) {
                violations.add("write threw " + e);
            }
        }
    }

    private void readLoop() {
        Random r = new Random(11);
        while (running.get()) {
            String id;
            synchronized (alive) {
                id = alive.isEmpty() ? null : alive.get(r.nextInt(alive.size()));
            }
            Api.Response res = r.nextBoolean() || id == null ? api.get("/api/v1/resources?limit=20") : api.get("/api/v1/resources/" + id);
            reads.incrementAndGet();
            // 404: the writer may have deleted it since it was picked
            if (res.status() != 200 && res.status() != 404) violations.add("read " + res.status() + ": " + res.body());
        }
    }

    private void create(int n) {
        String title = "live " + n;
        JsonNode r = send("POST", "/api/v1/resources", Api.json(Map.of("title", title,
                "content", "Harbor notes: paragraph one about harbours " + n + ".\n\nParagraph two about tides " + n + ".")), 201);
        if (r == null) return;
        String id = r.get("id").asText();
        titles.put(id, title);
        alive.add(id);
    }

    private void patch(int n) {
        String id = pick();
        String title = "patched " + n;
        Api.Response current = api.get("/api/v1/resources/" + id);
        if (current.status() != 200) {
            if (current.status() != 404) violations.add("read before patch " + current.status() + ": " + current.body());
            return;
        }
        long version = current.json().get("version").asLong();
        if (send("PATCH", "/api/v1/resources/" + id, Api.json(Map.of("title", title, "version", version)), 200) != null) titles.put(id, title);
    }

    private void delete() {
        String id = pick();
        alive.remove(id);   // not picked again, whatever the answer
        if (send("DELETE", "/api/v1/resources/" + id, null, 204) != null) {
            titles.remove(id);
            deleted.add(id);
            memberships.removeIf(m -> m.endsWith("/" + id));
        } else {
            alive.add(id);
        }
    }

    private void member() {
        String id = pick();
        String c = collections.get(random.nextInt(collections.size()));
        if (send("POST", "/api/v1/collections/" + c + "/resources", Api.json(Map.of("resource_ids", List.of(id))), 200) != null) memberships.add(c + "/" + id);
    }

    private void annotate() {
        String id = pick();
        JsonNode a = send("POST", "/api/v1/resources/" + id + "/annotations",
                "{\"start_offset\":0,\"end_offset\":6,\"highlighted_text\":\"Harbor\",\"note\":\"n\"}", 201);
        if (a != null) annotations.put(a.get("id").asText(), id);
    }

    private String pick() {
        synchronized (alive) {
            return alive.get(random.nextInt(alive.size()));
        }
    }

    /**
     * Sends a write until it is answered other than 503-with-Retry-After; returns the body of a {@code
     * expected} answer, or null for an answer a concurrent change explains (the row went away: 404, 409).
     */
    private JsonNode send(String method, String path, String body, int expected) {
        while (running.get()) {
            Api.Response r = api.request(method, path, body);
            if (r.status() == 503 && r.header("Retry-After") != null) {
                held.incrementAndGet();
                if (heldSince == 0) heldSince = System.nanoTime();
                sleep(50);
                continue;
            }
            if (r.status() == expected) {
                acknowledged.incrementAndGet();
                if (heldSince != 0) {
                    longestPauseMs.accumulateAndGet((System.nanoTime() - heldSince) / 1_000_000, Math::max);
                    heldSince = 0;
                }
                return r.status() == 204 || r.body().isEmpty() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : r.json();
            }
            if (r.status() >= 500) violations.add(method + " " + path + " answered " + r.status() + " " + r.header("Retry-After") + ": " + r.body());
            else if (r.status() != 404 && r.status() != 409) violations.add(method + " " + path + " answered " + r.status() + ": " + r.body());
            return null;
        }
        return null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        writer.join(30_000);
        reader.join(30_000);
    }
}
