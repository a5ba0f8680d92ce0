package io.pharos.event;

import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-process domain events, so one feature reacts to another's changes without calling its internals
 * (search indexing subscribes to resource changes, for example).
 *
 * <p>Events are published <em>inside</em> the write transaction that caused them and handlers get that
 * transaction's {@link Handle}: what a handler writes (say, a row in an indexing queue) commits or rolls
 * back with the change itself, so no event is lost to a crash between commit and delivery. Handlers must
 * therefore be quick and must not call out of process; an exception rolls the whole write back.
 * A write may be retried, in which case its events are published again in the new transaction.
 *
 * <p>What a handler can compute from an event's data alone (chunking a text, say) it does ahead of the
 * write: the writer announces the events it expects to publish ({@link #prepare}, outside any transaction,
 * so SQLite's single write lock is not held meanwhile), {@link Preparer}s put their results in the
 * {@link Prepared} the writer then publishes with, and handlers look them up ({@link PreparedHandler}).
 * The expected events may differ from the ones published (a batch item turns out to replace a resource,
 * a patch meets a newer version): a handler uses a result only when it was computed from the same input,
 * and otherwise computes it inside the transaction as before.
 */
public final class DomainEvents {

    @FunctionalInterface
    public interface Handler<E> {
        void on(Handle transaction, E event);
    }

    /** A handler that may use what its {@link Preparer} computed ahead of the write ({@link Prepared#NONE} when nothing was). */
    @FunctionalInterface
    public interface PreparedHandler<E> {
        void on(Handle transaction, E event, Prepared prepared);
    }

    /** Pure work for an event expected to be published, run outside any transaction: no database, no I/O. */
    @FunctionalInterface
    public interface Preparer<E> {
        void prepare(E expected, Prepared into);
    }

    /** Results computed ahead of one write, by a key each preparer chooses (a value record of its input). */
    public static final class Prepared {
        public static final Prepared NONE = new Prepared(Map.of());
        private final Map<Object, Object> values;

        private Prepared(Map<Object, Object> values) {
            this.values = values;
        }

        /** An empty set of results, for a feature that prepares its own work ahead of its own write. */
        public Prepared() {
            this(new HashMap<>());
        }

        public void put(Object key, Object value) {
            values.put(key, value);
        }

        /** The value prepared under {@code key}, or null. */
        public <T> T get(Object key, Class<T> type) {
            Object v = values.get(key);
            return type.isInstance(v) ? type.cast(v) : null;
        }

        /** How many results were prepared. */
        public int size() {
            return values.size();
        }
    }

    private record Subscription<E>(Class<E> type, PreparedHandler<? super E> handler) {
        void deliver(Handle h, Object event, Prepared prepared) {
            if (type.isInstance(event)) handler.on(h, type.cast(event), prepared);
        }
    }

    private record Preparation<E>(Class<E> type, Preparer<? super E> preparer) {
        void run(Object event, Prepared into) {
            if (type.isInstance(event)) preparer.prepare(type.cast(event), into);
        }
    }

    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Preparation<?>> preparations = new CopyOnWriteArrayList<>();

    public <E> void subscribe(Class<E> type, Handler<? super E> handler) {
        subscriptions.add(new Subscription<>(type, (h, e, prepared) -> handler.on(h, e)));
    }

    /** Subscribes a handler whose pure part {@code preparer} does ahead of the write, for the events announced to {@link #prepare}. */
    public <E> void subscribe(Class<E> type, Preparer<? super E> preparer, PreparedHandler<? super E> handler) {
        preparations.add(new Preparation<>(type, preparer));
        subscriptions.add(new Subscription<>(type, handler));
    }

    /**
     * Runs, in the calling thread and outside any transaction, the preparers of the events a write expects
     * to publish; hand the result to {@link #publish(Handle, Object, Prepared)} inside the write.
     */
    public Prepared prepare(Collection<?> expected) {
        Prepared into = new Prepared();
        for (Object event : expected) {
            for (Preparation<?> p : preparations) p.run(event, into);
        }
        return into;
    }

    /** Delivers {@code event} to every handler subscribed to its type (or a supertype), in order. */
    public void publish(Handle transaction, Object event) {
        publish(transaction, event, Prepared.NONE);
    }

    /** Delivers {@code event} with what was {@code prepared} ahead of this write. */
    public void publish(Handle transaction, Object event, Prepared prepared) {
        for (Subscription<?> s : subscriptions) s.deliver(transaction, event, prepared);
    }
}
