package io.pharos.collection;

import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentMembershipTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void eight_writers_adding_the_same_resources_give_no_duplicates_and_no_errors() throws Exception {
        TestUsers.Caller owner = TestUsers.create(server, "Owner", Role.USER);
        String id = CollectionApiTest.collection(owner.api(), "{\"name\":\"Hot collection\"}");
        List<String> resources = new ArrayList<>();
        for (int i = 0; i < 40; i++) resources.add(CollectionApiTest.resource(owner.api(), "r" + i, "paper"));

        int writers = 8;
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> added = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int seed = w;
                done.add(pool.submit(() -> {
                    Api api = new Api(server.pharos().port(), owner.key());
                    for (int round = 0; round < 5; round++) {
                        List<String> mine = new ArrayList<>(resources);
                        Collections.shuffle(mine, new java.util.Random(seed * 31L + round));
                        // one by one and in batches, in different orders
                        for (int i = 0; i < mine.size(); i += 10) {
                            Api.Response r = api.post("/api/v1/collections/" + id + "/resources",
                                    Api.json(Map.of("resource_ids", mine.subList(i, i + 10))));
                            if (r.status() != 200) failures.add(r.status() + " " + r.body());
                            else added.add(r.json().get("added").asInt());
                        }
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        }
        assertThat(failures).isEmpty();
        assertThat(added.stream().mapToInt(Integer::intValue).sum()).isEqualTo(resources.size());
        long rows = server.pharos().library().database().read(h -> h.createQuery(
                "SELECT count(*) FROM collection_resources WHERE collection_id = :c").bind("c", java.util.UUID.fromString(id)).mapTo(Long.class).one());
        assertThat(rows).isEqualTo(resources.size());
    }
}
