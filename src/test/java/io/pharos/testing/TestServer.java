package io.pharos.testing;

import io.pharos.Pharos;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A running Pharos server over a fresh {@link TestDatabase}, for one test class. */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
    private final TestDatabase database = new TestDatabase();
    private Pharos pharos;
    private Api api;
    private final java.util.Map<String, String> overrides;

    public TestServer() {
        this(java.util.Map.of());
    }

    /** A server whose settings have {@code overrides} on top (e.g. PHAROS_AUTH). */
    public TestServer(java.util.Map<String, String> overrides) {
        this.overrides = overrides;
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
