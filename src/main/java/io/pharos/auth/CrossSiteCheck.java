package io.pharos.auth;

import io.javalin.http.Context;
import io.pharos.common.RequestRefusedException;

import java.util.Locale;
import java.util.Set;

/**
 * Refuses a state-changing request (POST, PUT, PATCH, DELETE) that a browser sent from another site, for
 * callers the server does not identify by a key (the implied local owner; later a cookie session): a web
 * page can send such requests without CORS, and the browser would add nothing that tells them apart. A
 * request with {@code Authorization} cannot come from another site without a CORS preflight, which this
 * server never grants, so key-bearing requests are not checked.
 *
 * <p>The rule: {@code Sec-Fetch-Site} decides when sent ({@code same-origin} and {@code none}, a typed URL or
 * bookmark, pass; {@code same-site} and {@code cross-site} are refused: another port on localhost is another
 * application); otherwise {@code Origin}, when sent, must name the {@code Host} the request was sent to (its
 * scheme aside). A request with neither header comes from a client that is not a browser (curl, scripts).
 */
final class CrossSiteCheck {
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private CrossSiteCheck() {}

    static void check(Context ctx) {
        if (!STATE_CHANGING.contains(ctx.method().name())) return;
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            String s = site.strip().toLowerCase(Locale.ROOT);
            if (s.equals("same-origin") || s.equals("none")) return;
            throw refused("Sec-Fetch-Site", "Sec-Fetch-Site is '" + RequestRefusedException.printable(site) + "'");
        }
        String origin = ctx.header("Origin");
        if (origin == null || sameOrigin(origin, ctx.header("Host"))) return;
        throw refused("Origin", "Origin '" + RequestRefusedException.printable(origin) + "' is not this server");
    }

    /** True when {@code origin} ({@code scheme://host[:port]}) names {@code host} (a Host header value). */
    static boolean sameOrigin(String origin, String host) {
        int sep = origin.indexOf("://");
        if (host == null || sep <= 0) return false; // "null" (sandboxed frames, privacy redirects) included
        return origin.substring(sep + 3).strip().equalsIgnoreCase(host.strip());
    }

    private static RequestRefusedException refused(String header, String why) {
        return new RequestRefusedException(RequestRefusedException.Reason.CROSS_SITE, header, why + ": a change without an API key must come "
                + "from this server's own pages or from a client that is not a browser; send 'Authorization: Bearer <key>'");
    }
}
