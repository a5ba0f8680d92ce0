package io.pharos.testing;

import io.pharos.Pharos;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/** A running Pharos server over a fresh {@link TestDatabase}, for one test class. */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
    private final TestDatabase database = new TestDatabase();
    private final Map<String, String> overrides;
    private Pharos pharos;
    private Api api;

    public TestServer() {
        this(Map.of());
    }

    /** A server whose settings have {@code overrides} (e.g. PHAROS_AUTH, PHAROS_SLOW_QUERY_MS) on top. */
    public TestServer(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        database.beforeAll(context);
        pharos = Pharos.start(database.settings(overrides));
        api = new Api(pharos.port());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (pharos != null) pharos.close();
        database.afterAll(context);
    }

    /**
     * Waits until the embedding queue is empty (the background worker caught up), at most 60 s; with read
     * replicas, also until they replayed the worker's writes (a client reads its own writes at once, background
     * work only once the replicas caught up).
     */
    public void awaitEmbeddings() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (pharos.library().search().index().queueDepth() > 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("embedding queue did not drain in 60 s");
            pharos.library().search().worker().wake();
            sleep(50);
        }
        awaitReplicas(pharos);
    }

    /** With read replicas, waits (at most 30 s) until every replica that answers reads has replayed all that {@code pharos} committed so far. */
    public static void awaitReplicas(Pharos pharos) {
        var database = pharos.library().database();
        var replicas = database.replicas();
        if (replicas.isEmpty()) return;
        var position = database.commitPosition().orElseThrow();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!replicas.get().caughtUp(position)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the read replicas did not replay " + position + " in 30 s: " + replicas.get().statuses());
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Api api() {
        return api;
    }

    public Pharos pharos() {
        return pharos;
    }

    public TestDatabase database() {
        return database;
    }
}
