package io.pharos.cache;

/**
 * The library's cache generation, as Redis holds it: {@code number} moves on after every committed write
 * (it starts from Redis's clock in milliseconds when the record is missing, so a Redis that lost its data
 * never hands out a number an older answer was kept under); {@code position} is the newest commit position
 * a write reported with its bump (e.g. a PostgreSQL commit LSN as a number; 0 while writes report none).
 * An answer kept under a generation must come from data at least as new as its {@code position}: see
 * {@link Freshness}.
 */
public record Generation(long number, long position) {}
