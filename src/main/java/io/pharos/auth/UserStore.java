package io.pharos.auth;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for users and API keys. */
final class UserStore {
    private static final String USER_COLUMNS = "id, name, email, role, created_at, disabled_at";
    /** Keys with their owner's email. */
    private static final String KEYS = """
            SELECT k.id, k.user_id, u.email, k.name, k.created_at, k.last_used_at, k.revoked_at
              FROM api_keys k JOIN users u ON u.id = k.user_id""";

    private static final RowMapper<User> USER = (rs, ctx) -> {
        ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
        ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        return new User(new UserId(uuid.map(rs, "id", ctx)), rs.getString("name"), rs.getString("email"),
                Role.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT)), instant.map(rs, "created_at", ctx),
                instant.map(rs, "disabled_at", ctx));
    };

    private static final RowMapper<ApiKey> KEY = (rs, ctx) -> {
        ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
        ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        return new ApiKey(new ApiKeyId(uuid.map(rs, "id", ctx)), new UserId(uuid.map(rs, "user_id", ctx)), rs.getString("email"), rs.getString("name"),
                instant.map(rs, "created_at", ctx), instant.map(rs, "last_used_at", ctx), instant.map(rs, "revoked_at", ctx));
    };

    /** A key that authenticates: its owner's role and when it was last used. */
    record KeyOwner(ApiKeyId keyId, UserId userId, Role role, Instant lastUsedAt) {}

    boolean insertUser(Handle h, User u) {
        return h.createUpdate("INSERT INTO users (" + USER_COLUMNS + ") VALUES (:id, :name, :email, :role, :createdAt, :disabledAt) ON CONFLICT DO NOTHING")
                .bind("id", u.id().value()).bind("name", u.name()).bind("email", u.email())
                .bind("role", u.role().wire()).bind("createdAt", u.createdAt()).bind("disabledAt", u.disabledAt()).execute() == 1;
    }

    void setRole(Handle h, UserId id, Role role) {
        h.createUpdate("UPDATE users SET role = :role WHERE id = :id").bind("id", id.value()).bind("role", role.wire()).execute();
    }

    void setDisabledAt(Handle h, UserId id, Instant at) {
        h.createUpdate("UPDATE users SET disabled_at = :at WHERE id = :id").bind("id", id.value()).bind("at", at).execute();
    }

    /**
     * Enabled admins other than {@code except} and {@code alsoExcept} (the local owner and the user being
     * changed). Every enabled admin's row is locked first, in id order ({@code forUpdate}, where the
     * database has row locks), so two admins demoting each other at once cannot both succeed: the second
     * waits, then sees the first one's change.
     */
    long enabledAdminsBut(Handle h, UserId except, UserId alsoExcept, String forUpdate) {
        return h.createQuery("SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id" + forUpdate)
                .mapTo(java.util.UUID.class).list().stream()
                .filter(id -> !id.equals(except.value()) && !id.equals(alsoExcept.value())).count();
    }

    Optional<User> findUser(Handle h, UserId id) {
        return h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id").bind("id", id.value()).map(USER).findOne();
    }

    Optional<User> findUserByEmail(Handle h, String email) {
        return h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE email = :email").bind("email", email).map(USER).findOne();
    }

    List<User> listUsers(Handle h, UserId except) {
        return h.createQuery("SELECT " + USER_COLUMNS + " FROM users WHERE id <> :except ORDER BY created_at, id")
                .bind("except", except.value()).map(USER).list();
    }

    boolean anyUserBut(Handle h, UserId except) {
        return h.createQuery("SELECT count(*) FROM (SELECT 1 FROM users WHERE id <> :except LIMIT 1) t")
                .bind("except", except.value()).mapTo(Long.class).one() > 0;
    }

    boolean anyAdminBut(Handle h, UserId except) {
        return h.createQuery("SELECT count(*) FROM (SELECT 1 FROM users WHERE id <> :except AND role = 'admin' LIMIT 1) t")
                .bind("except", except.value()).mapTo(Long.class).one() > 0;
    }

    /** Gives every key of {@code from} to {@code to}; how many moved. */
    int moveKeys(Handle h, UserId from, UserId to) {
        return h.createUpdate("UPDATE api_keys SET user_id = :to WHERE user_id = :from")
                .bind("from", from.value()).bind("to", to.value()).execute();
    }

    void insertKey(Handle h, ApiKey k, String hash) {
        h.createUpdate("INSERT INTO api_keys (id, user_id, name, key_hash, created_at) VALUES (:id, :userId, :name, :hash, :createdAt)")
                .bind("id", k.id().value()).bind("userId", k.userId().value()).bind("name", k.name())
                .bind("hash", hash).bind("createdAt", k.createdAt()).execute();
    }

    Optional<ApiKey> findKey(Handle h, ApiKeyId id) {
        return h.createQuery(KEYS + " WHERE k.id = :id").bind("id", id.value()).map(KEY).findOne();
    }

    List<ApiKey> listKeys(Handle h, UserId owner) {
        String where = owner == null ? "" : " WHERE k.user_id = :owner";
        var q = h.createQuery(KEYS + where + " ORDER BY k.created_at, k.id");
        if (owner != null) q.bind("owner", owner.value());
        return q.map(KEY).list();
    }

    boolean revokeKey(Handle h, ApiKeyId id, Instant at) {
        return h.createUpdate("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("at", at).bind("id", id.value()).execute() == 1;
    }

    /** The live key with this hash (not revoked, its user not disabled), with its owner. */
    Optional<KeyOwner> findLiveKey(Handle h, String hash) {
        return h.createQuery("""
                        SELECT k.id, k.user_id, u.role, k.last_used_at FROM api_keys k JOIN users u ON u.id = k.user_id
                         WHERE k.key_hash = :hash AND k.revoked_at IS NULL AND u.disabled_at IS NULL""")
                .bind("hash", hash)
                .map((rs, ctx) -> {
                    ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
                    ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
                    return new KeyOwner(new ApiKeyId(uuid.map(rs, "id", ctx)), new UserId(uuid.map(rs, "user_id", ctx)),
                            Role.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT)), instant.map(rs, "last_used_at", ctx));
                }).findOne();
    }

    void touchKey(Handle h, ApiKeyId id, Instant at) {
        h.createUpdate("UPDATE api_keys SET last_used_at = :at WHERE id = :id").bind("at", at).bind("id", id.value()).execute();
    }
}
