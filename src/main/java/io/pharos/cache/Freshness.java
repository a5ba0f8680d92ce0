package io.pharos.cache;

import io.pharos.db.ReadConsistency;

import java.util.function.Supplier;

/**
 * How a cache fill reads data at least as new as the generation it is kept under: the one seam for read
 * replicas. {@link #ANY} reads as every request does (right while all reads go to the primary); a
 * replica-aware one runs {@code read} where the data is at least at {@link Generation#position()}.
 */
@FunctionalInterface
public interface Freshness {
    Freshness ANY = new Freshness() {
        @Override public <T> T atLeast(Generation generation, Supplier<T> read) {
            return read.get();
        }
    };

    /**
     * With read replicas: a fill reads from the primary. A replica may not yet have replayed the write that
     * moved the generation on, and an answer kept from it would be served, stale, to every caller of that
     * generation, including the writer. Hits still spare the primary; reads the cache does not hold still go
     * to the replicas.
     */
    Freshness PRIMARY = new Freshness() {
        @Override public <T> T atLeast(Generation generation, Supplier<T> read) {
            try (var primary = ReadConsistency.PRIMARY.bind()) {
                return read.get();
            }
        }
    };

    <T> T atLeast(Generation generation, Supplier<T> read);
}
