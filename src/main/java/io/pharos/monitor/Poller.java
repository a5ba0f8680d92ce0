package io.pharos.monitor;

import io.pharos.lifecycle.WorkerId;
import io.pharos.common.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A background loop on a virtual thread, like the embedding worker's: it runs {@link #once} while that
 * finds work, and otherwise waits {@value #POLL_MS} ms or until {@link #wake}. Work lives in the database,
 * so it survives restarts; {@link #close} stops the loop after the round in flight.
 */
abstract class Poller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    static final long POLL_MS = 250;

    private final String name;
    private final String owner = WorkerId.next();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private volatile boolean running;
    private Thread thread;
    private long round;

    Poller(String name) {
        this.name = name;
    }

    /** One round of work; how many items it handled (0: nothing to do, wait). */
    abstract int once();

    /** A token unique to one claim round of this process (host, pid, random, counter). */
    final String claimToken() {
        return owner + ":" + (++round);
    }


    public final void start() {
        running = true;
        thread = Thread.ofVirtual().name(name).start(this::loop);
    }

    final boolean running() {
        return running;
    }

    public final void wake() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            int done;
            try {
                done = once();
            } catch (RuntimeException e) {
                log.warn("{}: {}", name, LogSafe.describe(e));
                done = 0;
            }
            if (done == 0) sleep();
        }
    }

    private void sleep() {
        lock.lock();
        try {
            if (running) wake.await(POLL_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            wake();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
