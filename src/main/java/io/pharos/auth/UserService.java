package io.pharos.auth;

import io.pharos.common.AlreadyExistsException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.common.StillReferencedException;
import io.pharos.db.Database;
import io.pharos.event.DomainEvents;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Users and API keys. A key is 256 random bits shown once ({@code pharos_<base64url>}); only its SHA-256
 * hash is stored, so neither the database nor the logs ever hold the plain text.
 *
 * <p>What the implied local owner made before any user existed (collections, annotations, interactions,
 * keys) is adopted by the first admin created, or by an admin created with {@code adoptLocal}: this service
 * moves the keys and publishes {@link LocalOwnerAdopted} in the same transaction for the features that
 * own the rest. With {@code PHAROS_AUTH=off} the local owner stays the caller, so only an explicit
 * {@code adoptLocal} moves anything.
 */
public final class UserService {
    /** Users and API keys are configuration. */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONFIGURATION, "users", "api_keys");

    /** The user implied when no key is needed (loopback with no users, or PHAROS_AUTH=off). */
    public static final UserId LOCAL_OWNER = new UserId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    static final String KEY_PREFIX = "pharos_";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final Database database;
    private final UserStore store = new UserStore();
    private final Clock clock;
    private final DomainEvents events;
    private final boolean firstAdminAdopts;
    private final SecureRandom random = new SecureRandom();

    /** {@code firstAdminAdopts}: the first admin created takes over the local owner's data (false when auth is off). */
    public UserService(Database database, Clock clock, DomainEvents events, boolean firstAdminAdopts) {
        this.database = database;
        this.clock = clock;
        this.events = events;
        this.firstAdminAdopts = firstAdminAdopts;
    }

    /** Makes sure the local owner exists (an admin who owns what is made without a key). */
    public void ensureLocalOwner() {
        database.write(h -> store.insertUser(h, new User(LOCAL_OWNER, "Local owner", "owner@localhost", Role.ADMIN, now(), null)));
    }

    public User createUser(String name, String email, Role role) {
        return create(name, email, role, false).user();
    }

    /**
     * Checks a new user's fields (name, email, role) without the database, so that a command reports a bad
     * one before it connects; {@link #create} checks them the same way.
     */
    public static void checkNewUser(String name, String email, Role role, boolean adoptLocal) {
        if (name == null || name.isBlank() || name.length() > 255) throw InvalidInputException.field("name", "is required, 1 to 255 characters");
        if (name.indexOf('\0') >= 0) throw InvalidInputException.field("name", "must not contain the NUL character");
        String mail = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (mail.length() > 320 || !EMAIL.matcher(mail).matches()) throw InvalidInputException.field("email", "must be an email address like ada@example.org");
        if (adoptLocal && role != Role.ADMIN) throw InvalidInputException.field("role", "must be admin to adopt the local owner's data");
    }

    /** Checks an API key's name without the database (see {@link #checkNewUser}). */
    public static void checkKeyName(String name) {
        if (name == null || name.isBlank() || name.length() > 255 || name.indexOf('\0') >= 0) {
            throw InvalidInputException.field("name", "is required, 1 to 255 characters");
        }
    }

    /**
     * Creates a user. An admin adopts the local owner's data when {@code adoptLocal} is set or when they are
     * the first admin (unless auth is off); adopting needs the admin role.
     */
    public NewUser create(String name, String email, Role role, boolean adoptLocal) {
        checkNewUser(name, email, role, adoptLocal);
        String mail = email.strip().toLowerCase(Locale.ROOT);
        Role r = role == null ? Role.USER : role;
        User u = new User(UserId.random(), name.strip(), mail, r, now(), null);
        return database.write(h -> {
            boolean firstAdmin = r == Role.ADMIN && firstAdminAdopts && !store.anyAdminBut(h, LOCAL_OWNER);
            if (!store.insertUser(h, u)) throw new AlreadyExistsException("email", "a user with email " + mail + " already exists");
            if (!adoptLocal && !firstAdmin) return new NewUser(u, null);
            LocalOwnerAdopted adoption = new LocalOwnerAdopted(LOCAL_OWNER, u.id());
            events.publish(h, adoption);
            adoption.moved("API keys", store.moveKeys(h, LOCAL_OWNER, u.id()));
            return new NewUser(u, Collections.unmodifiableMap(new LinkedHashMap<>(adoption.counts())));
        });
    }

    /**
     * Refuses a write naming a user this library does not have (the local owner always exists): what a
     * foreign key would do, for content in another database than the users ({@link KnownUsers}).
     */
    public void requireKnown(UserId id) {
        if (LOCAL_OWNER.equals(id)) return;
        if (database.read(io.pharos.db.ReadConsistency.PRIMARY, h -> store.findUser(h, id)).isEmpty()) {   // a user just made may not be on a replica yet
            throw new NotFoundException("no user with id " + id + ": a write naming an unknown user is refused");
        }
    }

    public List<User> listUsers() {
        return database.read(h -> store.listUsers(h, LOCAL_OWNER));
    }

    public User user(UserId id) {
        return database.read(h -> store.findUser(h, id)).orElseThrow(() -> new NotFoundException("no user with id " + id));
    }

    /** A user named by id or email (as the CLI accepts either). */
    public User userByIdOrEmail(String idOrEmail) {
        Optional<User> found = idOrEmail.contains("@")
                ? database.read(h -> store.findUserByEmail(h, idOrEmail.strip().toLowerCase(Locale.ROOT)))
                : database.read(h -> store.findUser(h, UserId.param(idOrEmail, "--user")));
        return found.orElseThrow(() -> new NotFoundException("no user " + idOrEmail));
    }

    /**
     * Disables a user (every key of theirs answers 401 from the next request on) or enables them again.
     * The local owner is no user to manage (404); disabling the last enabled admin is refused (409).
     */
    public User setDisabled(UserId id, boolean disabled) {
        return change(id, null, disabled);
    }

    /** Changes a user's role, effective from their next request; demoting the last enabled admin is refused (409). */
    public User setRole(UserId id, Role role) {
        return change(id, role, null);
    }

    /** Sets the role and the disabled state (null: unchanged) in one transaction; the user as they are then. */
    public User change(UserId id, Role role, Boolean disabled) {
        return database.write(h -> {
            User u = managed(h, id);
            boolean demote = role != null && role != u.role() && u.role() == Role.ADMIN;
            boolean disable = disabled != null && disabled && !u.disabled() && u.role() == Role.ADMIN;
            if (demote || disable) refuseLosingTheLastAdmin(h, u, demote ? "made a user" : "disabled");
            if (role != null && role != u.role()) store.setRole(h, id, role);
            if (disabled != null && disabled != u.disabled()) store.setDisabledAt(h, id, disabled ? now() : null);
            return store.findUser(h, id).orElseThrow();
        });
    }

    /** A user an admin may manage: any but the local owner (404). */
    public User managedUser(UserId id) {
        return database.read(h -> managed(h, id));
    }

    private User managed(Handle h, UserId id) {
        if (id.equals(LOCAL_OWNER)) throw new NotFoundException("no user with id " + id);
        return store.findUser(h, id).orElseThrow(() -> new NotFoundException("no user with id " + id));
    }

    private void refuseLosingTheLastAdmin(Handle h, User u, String what) {
        if (!u.disabled() && store.enabledAdminsBut(h, LOCAL_OWNER, u.id(), database.dialect().forUpdate()) == 0) {
            throw new StillReferencedException("role", u.email() + " is the last enabled admin and cannot be " + what
                    + "; make another user admin first");
        }
    }

    /** True once any real user (not the implied local owner) exists. */
    public boolean anyUser() {
        return database.read(h -> store.anyUserBut(h, LOCAL_OWNER));
    }

    public NewApiKey createKey(UserId owner, String name) {
        checkKeyName(name);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey key = database.write(h -> {
            User u = store.findUser(h, owner).orElseThrow(() -> new NotFoundException("no user with id " + owner));
            ApiKey k = new ApiKey(ApiKeyId.random(), owner, u.email(), name.strip(), now(), null, null);
            store.insertKey(h, k, hash(token));
            return k;
        });
        return new NewApiKey(key, token);
    }

    /** Keys of {@code owner}, or of everyone when null. */
    public List<ApiKey> listKeys(UserId owner) {
        return database.read(h -> store.listKeys(h, owner));
    }

    /** Revokes a key; {@code by} must own it or be an admin (others see 404). Takes effect on the next request. */
    public ApiKey revokeKey(ApiKeyId id, Principal by) {
        return database.write(h -> {
            ApiKey k = store.findKey(h, id).filter(x -> by == null || by.isAdmin() || x.userId().equals(by.userId()))
                    .orElseThrow(() -> new NotFoundException("no API key with id " + id));
            store.revokeKey(h, id, now());
            return store.findKey(h, id).orElseThrow();
        });
    }

    /** The principal a presented key stands for, if it is known, not revoked and its user not disabled. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || !token.startsWith(KEY_PREFIX) || token.length() > 200) return Optional.empty();
        String hash = hash(token);
        return database.read(h -> store.findLiveKey(h, hash)).map(k -> {
            Instant now = now();
            if (k.lastUsedAt() == null || k.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
                database.writeBookkeeping(h -> { store.touchKey(h, k.keyId(), now); return null; });
            }
            return new Principal(k.userId(), k.role());
        });
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
