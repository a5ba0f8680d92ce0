package io.pharos.db;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the reads of one unit of work (an HTTP request) must see: every transaction committed up to
 * {@link #needed()}, the commit position of the caller's own last acknowledged write. The one seam every
 * freshness decision consults: {@link Database#read} sends a read to a replica only when that replica has
 * replayed past {@code needed()}, otherwise to the primary; anything else that serves data not straight from
 * the primary (a cache fill, say) must hold it to the same rule.
 *
 * <p>Bound to the thread running the request ({@link #bind}, {@link #current}); a thread with none bound gets
 * {@link #PRIMARY}: background work and commands read from the primary. Each {@link Database#write} in the
 * scope raises {@code needed()} to the position it committed at, so a request that writes and then reads
 * sees its write, and {@link #committed()} is what the response reports to the client.
 */
public final class ReadConsistency {
    private static final ThreadLocal<ReadConsistency> BOUND = new ThreadLocal<>();

    /** Reads from the primary only: what unbound threads get; writes in it record nothing. */
    public static final ReadConsistency PRIMARY = new ReadConsistency(CommitPosition.NONE, true);

    private final boolean primaryOnly;
    private final AtomicLong needed;
    private final AtomicLong committed = new AtomicLong();

    private ReadConsistency(CommitPosition needed, boolean primaryOnly) {
        this.needed = new AtomicLong(needed.value());
        this.primaryOnly = primaryOnly;
    }

    /** Reads that may come from any replica that has replayed past {@code position} ({@link CommitPosition#NONE}: any healthy one). */
    public static ReadConsistency atLeast(CommitPosition position) {
        return new ReadConsistency(position, false);
    }

    /** The consistency bound to this thread, or {@link #PRIMARY}. */
    public static ReadConsistency current() {
        ReadConsistency c = BOUND.get();
        return c == null ? PRIMARY : c;
    }

    /** Binds this consistency to the calling thread until the returned scope closes (which restores the previous one). */
    public Scope bind() {
        ReadConsistency previous = BOUND.get();
        BOUND.set(this);
        return () -> {
            if (previous == null) BOUND.remove();
            else BOUND.set(previous);
        };
    }

    /** True when only the primary may answer. */
    public boolean primaryOnly() {
        return primaryOnly;
    }

    /** The position a replica must have replayed to answer: the latest of what was asked and what this scope wrote. */
    public CommitPosition needed() {
        return new CommitPosition(needed.get());
    }

    /** The position this scope's last write committed at, or {@link CommitPosition#NONE} when it wrote nothing (or nothing was tracked). */
    public CommitPosition committed() {
        return new CommitPosition(committed.get());
    }

    /** Records a write of this scope that committed at {@code position}; later reads of the scope must see it. */
    void wrote(CommitPosition position) {
        if (primaryOnly) return;
        committed.accumulateAndGet(position.value(), ReadConsistency::later);
        needed.accumulateAndGet(position.value(), ReadConsistency::later);
    }

    /** Records a write whose commit position could not be read: the scope's later reads need the primary. */
    void wroteUnknown() {
        if (primaryOnly) return;
        needed.set(-1L);   // the highest position: no replica reaches it
    }

    private static long later(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /** An open binding; closing it unbinds. */
    public interface Scope extends AutoCloseable {
        @Override void close();
    }
}
