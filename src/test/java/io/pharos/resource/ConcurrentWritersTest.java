package io.pharos.resource;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent API writers never see "database is locked" (SQLite) or lost writes (either database). */
class ConcurrentWritersTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void eight_writers_creating_a_thousand_resources_each_all_succeed() throws Exception {
        int writers = 8;
        int each = 1_000;
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    Api api = new Api(server.pharos().port());
                    for (int i = 0; i < each; i++) {
                        Api.Response r = api.post("/api/v1/resources",
                                "{\"title\":\"w" + writer + "-" + i + "\",\"type\":\"concurrency\"}");
                        if (r.status() != 201) failures.add(r.status() + " " + r.body());
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }
        assertThat(failures).isEmpty();
        long rows = server.pharos().library().database().read(h ->
                h.createQuery("SELECT count(*) FROM resources WHERE type = 'concurrency'").mapTo(Long.class).one());
        assertThat(rows).isEqualTo(8_000);
    }

    @Test
    void concurrent_patches_of_one_row_apply_exactly_once_each_version() throws Exception {
        Api api = server.api();
        String id = api.post("/api/v1/resources", "{\"title\":\"hot row\"}").json().get("id").asText();
        int writers = 8;
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> statuses.add(new Api(server.pharos().port())
                        .patch("/api/v1/resources/" + id, "{\"title\":\"by " + writer + "\"}", "\"1\"").status())));
            }
            for (Future<?> f : done) f.get();
        }
        // everyone read version 1: exactly one wins, the rest get 409
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(writers - 1);
        assertThat(api.get("/api/v1/resources/" + id).json().get("version").asLong()).isEqualTo(2);
    }
}
