package io.pharos.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Published (through {@link io.pharos.event.DomainEvents}) inside the transaction that creates an admin
 * who adopts what the implied local owner made before users existed: every feature that keeps an owner
 * moves its rows from {@code from} to {@code to} and reports how many it moved with {@link #moved}.
 */
public record LocalOwnerAdopted(UserId from, UserId to, Map<String, Integer> counts) {
    public LocalOwnerAdopted(UserId from, UserId to) {
        this(from, to, new LinkedHashMap<>());
    }

    /** Records that {@code count} rows of {@code what} (a plural noun: "collections") changed owner. */
    public void moved(String what, int count) {
        counts.merge(what, count, Integer::sum);
    }
}
