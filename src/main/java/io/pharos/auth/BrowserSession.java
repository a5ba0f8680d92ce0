package io.pharos.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.pharos.common.ForbiddenException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A browser signed in with an API key: the key is kept in an HTTP-only, {@code SameSite=Strict} cookie (so
 * no script reads it and no other site's page sends it), accepted on the web pages only, never on
 * {@code /api}. Every state-changing form also carries a CSRF token derived from the key
 * ({@link #csrfToken}): a page elsewhere can neither read the cookie nor compute the token, and every
 * instance behind a load balancer derives the same one, with nothing stored.
 */
public final class BrowserSession {
    public static final String COOKIE = "pharos_session";
    static final String ATTRIBUTE = "pharos.session";

    private BrowserSession() {}

    /** Keeps {@code key} in the session cookie; {@code secure}: the request came over TLS. */
    public static void start(Context ctx, String key) {
        Cookie cookie = new Cookie(COOKIE, key);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        cookie.setSecure("https".equalsIgnoreCase(ctx.scheme()));
        ctx.cookie(cookie);
    }

    /** A sign-in form posted from another site is refused (403), like any state-changing request without a key. */
    public static void refuseCrossSite(Context ctx) {
        CrossSiteCheck.check(ctx);
    }

    public static void end(Context ctx) {
        ctx.removeCookie(COOKIE, "/");
    }

    /** The token a form of this request's session must send back, or null when the caller is the implied local owner. */
    public static String csrfToken(Context ctx) {
        String key = ctx.attribute(ATTRIBUTE);
        return key == null ? null : csrfToken(key);
    }

    /** 403 unless {@code sent} is this session's token (the implied owner's forms are guarded by {@link CrossSiteCheck} instead). */
    public static void requireCsrf(Context ctx, String sent) {
        String expected = csrfToken(ctx);
        if (expected == null) return;
        if (sent == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException("the form's CSRF token is missing or wrong; reload the page and try again");
        }
    }

    static String csrfToken(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("pharos-csrf\0" + key).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
