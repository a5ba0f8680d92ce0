package io.pharos.consistency;

import io.pharos.auth.UserId;
import io.pharos.db.CommitPosition;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commit position of each caller's last acknowledged write on this instance, in memory: what a client
 * that does not send {@code Pharos-Min-LSN} gets from this instance. Keyed by user (every key of a user
 * shares it), so it holds one entry per user who wrote since start.
 */
final class LastWrites {
    private final Map<UserId, CommitPosition> positions = new ConcurrentHashMap<>();

    CommitPosition of(UserId user) {
        return positions.getOrDefault(user, CommitPosition.NONE);
    }

    void wrote(UserId user, CommitPosition position) {
        positions.merge(user, position, CommitPosition::max);
    }
}
