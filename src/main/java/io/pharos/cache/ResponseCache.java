package io.pharos.cache;

import java.util.function.Supplier;

/** What routes use: the answer for a key, from the shared cache or made by {@code compute} (and kept). */
@FunctionalInterface
public interface ResponseCache {
    /** No cache: every answer is computed. */
    ResponseCache OFF = (key, compute) -> compute.get();

    /** Only 200 answers pass through here: an exception from {@code compute} propagates and nothing is kept. */
    Answer answer(CacheKey key, Supplier<Answer> compute);
}
