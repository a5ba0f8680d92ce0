package io.pharos.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code limit} requests are worked on at once; the others wait their turn, first come first served,
 * parked on a fair semaphore instead of competing for the CPU and the database. The probes ({@code /health},
 * {@code /health/ready}) skip the line, so a saturated server still answers them at once. A request that
 * waited {@code wait} without its turn is answered 503 with {@code Retry-After}.
 *
 * <p>Why: on two cores, 200 concurrent clients on SQLite left {@code /health} at a p95 of seconds while
 * every request ran at once (see the README's <i>Fair use</i>); with a bound, the work in flight finishes
 * sooner and the probes get a thread at once.
 */
final class Admission extends HandlerWrapper {
    private static final Set<String> PROBES = Set.of("/health", "/health/ready");

    private final Semaphore turns;
    private final long waitNanos;

    Admission(int limit, Duration wait) {
        this.turns = new Semaphore(limit, true);
        this.waitNanos = wait.toNanos();
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (PROBES.contains(target)) {
            super.handle(target, base, request, response);
            return;
        }
        if (!awaitTurn()) {
            refuse(base, response);
            return;
        }
        try {
            super.handle(target, base, request, response);
        } finally {
            turns.release();
        }
    }

    /** Requests waiting for their turn now. */
    int waiting() {
        return turns.getQueueLength();
    }

    private boolean awaitTurn() {
        try {
            return turns.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void refuse(Request base, HttpServletResponse response) throws IOException {
        base.setHandled(true);
        byte[] body = ProblemErrorHandler.body(503, "the server is saturated: too many requests are waiting for their turn; retry shortly", base.getRequestURI());
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        response.setContentType(Problems.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
