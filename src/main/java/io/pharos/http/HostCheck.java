package io.pharos.http;

import io.pharos.common.RequestRefusedException;
import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Against DNS rebinding: a web page whose name is made to resolve to 127.0.0.1 reaches a loopback server
 * with its own name in {@code Host}, so a request whose {@code Host} is not one of this server's addresses
 * is refused with 421. The server's addresses: the loopback names ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}) and the bind address, each with the port the request came in on, plus the
 * {@code PHAROS_ALLOWED_HOSTS} entries ({@code name} for any port, {@code name:port}). Enforced on a
 * loopback bind, or on any bind once {@code PHAROS_ALLOWED_HOSTS} is set; {@code *} turns it off. A request
 * without {@code Host} (HTTP/1.0; never a browser) passes.
 */
public final class HostCheck {
    public static final String HEADER = "Host";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final boolean enforced;
    private final Set<String> ownNames;
    private final List<Authority> allowed;
    private final String bindHost;

    /** {@code bindHost}: the address the server binds; {@code allowed}: PHAROS_ALLOWED_HOSTS, lower case. */
    public HostCheck(String bindHost, boolean loopback, List<String> allowed) {
        this.bindHost = bindHost;
        this.enforced = !allowed.contains("*") && (loopback || !allowed.isEmpty());
        this.allowed = allowed.stream().map(Authority::parse).filter(java.util.Objects::nonNull).toList();
        this.ownNames = wildcard(bindHost) ? LOOPBACK_NAMES
                : Stream.concat(LOOPBACK_NAMES.stream(), Stream.of(hostForm(bindHost))).collect(Collectors.toUnmodifiableSet());
    }

    /** A before-handler for every path. */
    public void check(Context ctx) {
        if (!enforced) return;
        String host = ctx.header(HEADER);
        if (host == null || allows(host, ctx.req().getLocalPort())) return;
        throw new RequestRefusedException(RequestRefusedException.Reason.MISDIRECTED, HEADER, "Host '" + RequestRefusedException.printable(host)
                + "' is not an address of this server (bound to " + bindHost + "), refused against DNS rebinding; use http://localhost:"
                + ctx.req().getLocalPort() + ", or list the names clients use (e.g. behind a proxy) in PHAROS_ALLOWED_HOSTS");
    }

    /** True when the {@code Host} value {@code header} names this server, which the request reached on {@code localPort}. */
    boolean allows(String header, int localPort) {
        if (!enforced) return true;
        Authority host = Authority.parse(header);
        if (host == null) return false;
        int port = host.port() == null ? 80 : host.port();
        if (ownNames.contains(host.name()) && port == localPort) return true;
        return allowed.stream().anyMatch(a -> a.name().equals(host.name()) && (a.port() == null || a.port() == port));
    }

    /** A Host value split: lower-case name (an IPv6 literal keeps its brackets), port or null when absent. */
    record Authority(String name, Integer port) {
        static Authority parse(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            int colon = v.lastIndexOf(':');
            if (colon < 0 || colon < v.lastIndexOf(']')) return v.isEmpty() ? null : new Authority(v, null);
            if (v.startsWith("[") != (v.lastIndexOf(']') == colon - 1)) return null; // a bare IPv6 literal, or junk
            try {
                int port = Integer.parseInt(v.substring(colon + 1));
                return port < 0 || port > 65535 || colon == 0 ? null : new Authority(v.substring(0, colon), port);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** The bind address as it appears in a Host header: lower case, an IPv6 literal in brackets. */
    private static String hostForm(String bindHost) {
        String h = bindHost.strip().toLowerCase(Locale.ROOT);
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    private static boolean wildcard(String bindHost) {
        try {
            return InetAddress.getByName(bindHost).isAnyLocalAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
