package io.pharos.auth;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

/** Two admins demoting each other at the same moment: one succeeds, the other is refused, an admin remains. */
class LastAdminRaceTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void two_admins_demoting_each_other_at_once_never_leave_the_library_without_an_admin() throws Exception {
        TestUsers.Caller ann = TestUsers.create(server, "Ann Race", Role.ADMIN);
        TestUsers.Caller ben = TestUsers.create(server, "Ben Race", Role.ADMIN);
        for (int round = 0; round < 10; round++) {
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Api.Response> annDemotesBen = CompletableFuture.supplyAsync(() -> demote(ann, ben, together));
            CompletableFuture<Api.Response> benDemotesAnn = CompletableFuture.supplyAsync(() -> demote(ben, ann, together));
            List<Integer> statuses = List.of(annDemotesBen.get().status(), benDemotesAnn.get().status());
            // the loser is refused as the last admin (409), or, when its request came second, as no admin any more (403)
            assertThat(statuses).as("round " + round + ": one demotion wins, the other is refused").containsOnlyOnce(200)
                    .allMatch(s -> s == 200 || s == 409 || s == 403);
            long admins = server.pharos().library().users().listUsers().stream()
                    .filter(u -> u.role() == Role.ADMIN && !u.disabled()).count();
            assertThat(admins).as("round " + round).isEqualTo(1);
            // the one still admin promotes the other back for the next round
            TestUsers.Caller winner = statuses.get(0) == 200 ? ann : ben, loser = winner == ann ? ben : ann;
            assertThat(winner.api().patch("/api/v1/users/" + loser.id(), "{\"role\":\"admin\"}", null).status()).isEqualTo(200);
        }
    }

    private static Api.Response demote(TestUsers.Caller by, TestUsers.Caller whom, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return by.api().patch("/api/v1/users/" + whom.id(), "{\"role\":\"user\"}", null);
    }
}
