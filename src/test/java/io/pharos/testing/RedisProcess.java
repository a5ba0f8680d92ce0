package io.pharos.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A redis-server of one test's own (not TEST_REDIS_URL's, not the system one on 6379), so the test may
 * stop, pause and restart it: no persistence, loopback, a free port kept across restarts. Needs Debian's
 * redis-server (scripts/redis-test installs it); without it the test fails.
 */
public final class RedisProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private RedisProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static RedisProcess start(Path dir) {
        RedisProcess redis = new RedisProcess(dir, freePort());
        redis.restart();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public int port() {
        return port;
    }

    /** Starts it again on the same port (empty: nothing is kept across a stop). */
    public void restart() {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start redis-server: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!answers()) {
            if (System.nanoTime() > deadline || !process.isAlive()) throw new AssertionError("redis-server did not come up on " + port + ": see " + dir.resolve("redis.log"));
            sleep(20);
        }
    }

    /** Kills it (SIGKILL): what it held is gone. */
    public void stop() {
        if (process == null) return;
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** SIGSTOP: it keeps its data and its connections but answers nothing, as a Redis that hangs. */
    public void pause() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            int rc = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (rc != 0) throw new AssertionError("kill " + signal + " failed");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.getOutputStream().write("PING\r\n".getBytes());
            s.setSoTimeout(500);
            return s.getInputStream().read() == '+';
        } catch (IOException e) {
            return false;
        }
    }

    private static String binary() {
        for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        throw new AssertionError("redis-server is not installed: apt-get install redis-server (scripts/test and scripts/redis-test install it)");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            resume();
            stop();
        }
    }
}
