/**
 * The shared response cache (issue 14): search answers and resource reads kept in the Redis that every
 * instance of a library shares ({@code PHAROS_REDIS_URL}), never stale after a write. Every committed write
 * moves the library's {@link io.pharos.cache.Generation} on ({@link io.pharos.cache.SharedCache#committed},
 * the database's commit listener) before the write's response is sent, and every answer is kept under the
 * generation read before it was computed, so an answer made before a write is never found after it. Redis
 * down or slow: requests go on without the cache after a short timeout ({@link io.pharos.cache.SharedCache}).
 */
package io.pharos.cache;
