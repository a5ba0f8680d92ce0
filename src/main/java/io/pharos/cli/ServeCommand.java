package io.pharos.cli;

import io.pharos.Pharos;
import io.pharos.common.ConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the HTTP server (default http://127.0.0.1:8080, library ./data/pharos.db).")
final class ServeCommand implements Runnable {
    @Mixin DatabaseOptions database;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to bind (env PHAROS_HOST, default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (env PHAROS_PORT, default 8080; 0 picks a free one).")
    String port;

    @Option(names = "--no-auto-migrate", description = "Refuse to start on an out-of-date schema instead of upgrading it (env PHAROS_AUTO_MIGRATE=false).")
    boolean noAutoMigrate;

    /** The settings, a bad --host or --port reported as that option (before anything connects). */
    private io.pharos.config.Settings settings(Map<String, String> flags) {
        try {
            return database.settings(flags);
        } catch (ConfigurationException e) {
            if (port != null && "PHAROS_PORT".equals(e.field())) throw new ConfigurationException("--port", e.getMessage());
            if (host != null && "PHAROS_HOST".equals(e.field())) throw new ConfigurationException("--host", e.getMessage());
            throw e;
        }
    }

    @Override
    public void run() {
        Map<String, String> flags = new HashMap<>();
        if (host != null) flags.put("PHAROS_HOST", host);
        if (port != null) flags.put("PHAROS_PORT", port);
        if (noAutoMigrate) flags.put("PHAROS_AUTO_MIGRATE", "false");
        Pharos pharos = Pharos.start(settings(flags));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pharos.close();
            stopped.countDown();
        }, "pharos-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
