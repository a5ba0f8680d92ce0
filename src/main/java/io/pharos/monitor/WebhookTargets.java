package io.pharos.monitor;

import io.pharos.common.InvalidInputException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may be sent. Any user may give a monitor a webhook URL and the server then POSTs to it, so
 * unless {@code allowPrivate} ({@code PHAROS_WEBHOOK_ALLOW_PRIVATE}) says otherwise a URL may not reach the
 * server's own network: loopback, private (RFC 1918, IPv6 unique-local), link-local (the cloud metadata
 * address 169.254.169.254 among them), shared (100.64/10), unspecified and multicast addresses are refused.
 * A literal address or {@code localhost} is refused when the monitor is saved (422 naming {@code webhook_url});
 * a name is resolved at every delivery and refused when any of its addresses is such (the delivery fails
 * without retries and says why). What remains is the window between that lookup and the connection's own
 * (DNS rebinding); an operator who needs closed networks shut for certain filters outbound traffic too.
 */
public record WebhookTargets(boolean allowPrivate) {
    public static final String SETTING = "PHAROS_WEBHOOK_ALLOW_PRIVATE";

    /** Refuses, when saving a monitor, a URL naming a local address outright. */
    void checkSaved(String url) {
        if (url == null || allowPrivate) return;
        String host = host(URI.create(url));
        if (host.equals("localhost") || host.endsWith(".localhost") || isLiteral(host) && local(literal(host))) {
            throw InvalidInputException.field("webhook_url", "may not point at a loopback, private or link-local address ("
                    + SETTING + "=true allows it)");
        }
    }

    /** Why a delivery to {@code uri} is refused now (its host resolves to a local address), if it is. */
    Optional<String> refusal(URI uri) {
        if (allowPrivate) return Optional.empty();
        String host = host(uri);
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (local(a)) {
                    return Optional.of("refused: " + host + " resolves to " + a.getHostAddress()
                            + ", a loopback, private or link-local address (" + SETTING + "=true allows it)");
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();   // the request fails on its own and is retried like any unreachable receiver
        }
    }

    private static String host(URI uri) {
        String h = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);   // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw InvalidInputException.field("webhook_url", "has an address that is not valid: " + host);
        }
    }

    /** True for an address of this machine or its local networks. */
    static boolean local(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128 || first == 255;
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true;                       // fc00::/7 unique local
            if (isMapped(b)) return local4(b[12], b[13], b[14], b[15]);  // ::ffff:a.b.c.d
        }
        return false;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static boolean local4(byte a, byte b, byte c, byte d) {
        try {
            return local(InetAddress.getByAddress(new byte[] {a, b, c, d}));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
