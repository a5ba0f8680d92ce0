package io.pharos.event;

import org.jdbi.v3.core.Handle;

import java.util.List;
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
 */
public final class DomainEvents {

    @FunctionalInterface
    public interface Handler<E> {
        void on(Handle transaction, E event);
    }

    private record Subscription<E>(Class<E> type, Handler<? super E> handler) {
        void deliver(Handle h, Object event) {
            if (type.isInstance(event)) handler.on(h, type.cast(event));
        }
    }

    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();

    public <E> void subscribe(Class<E> type, Handler<? super E> handler) {
        subscriptions.add(new Subscription<>(type, handler));
    }

    /** Delivers {@code event} to every handler subscribed to its type (or a supertype), in order. */
    public void publish(Handle transaction, Object event) {
        for (Subscription<?> s : subscriptions) s.deliver(transaction, event);
    }
}
