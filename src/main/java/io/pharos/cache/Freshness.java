package io.pharos.cache;

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

    <T> T atLeast(Generation generation, Supplier<T> read);
}
