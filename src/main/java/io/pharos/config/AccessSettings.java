package io.pharos.config;

import io.pharos.common.ConfigurationException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Who may reach the HTTP server besides the key check. {@code allowedHosts} ({@code PHAROS_ALLOWED_HOSTS}):
 * extra {@code Host} header values the server answers (lower case, {@code name} or {@code name:port}, or
 * {@code *} for any); empty means the loopback names on a loopback bind and any name otherwise.
 * {@code allowHttpBootstrap} ({@code PHAROS_ALLOW_HTTP_BOOTSTRAP}): the implied local owner may create users
 * and keys over HTTP. {@code webhookAllowPrivate} ({@code PHAROS_WEBHOOK_ALLOW_PRIVATE}): the other direction,
 * what the server itself reaches on a user's word: monitor webhooks may go to loopback, private and
 * link-local addresses (off: they are refused, see {@code io.pharos.monitor.WebhookTargets}).
 */
public record AccessSettings(List<String> allowedHosts, boolean allowHttpBootstrap, boolean webhookAllowPrivate) {
    private static final Pattern HOST = Pattern.compile("(\\[[0-9a-f:.]+]|[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?)(:[0-9]{1,5})?");

    public AccessSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    static void defaults(Map<String, String> d) {
        d.put("PHAROS_ALLOWED_HOSTS", "");
        d.put("PHAROS_ALLOW_HTTP_BOOTSTRAP", "false");
        d.put("PHAROS_WEBHOOK_ALLOW_PRIVATE", "false");
    }

    static AccessSettings from(Function<String, String> get) {
        return new AccessSettings(hosts(get.apply("PHAROS_ALLOWED_HOSTS")),
                Settings.bool("PHAROS_ALLOW_HTTP_BOOTSTRAP", get.apply("PHAROS_ALLOW_HTTP_BOOTSTRAP")),
                Settings.bool("PHAROS_WEBHOOK_ALLOW_PRIVATE", get.apply("PHAROS_WEBHOOK_ALLOW_PRIVATE")));
    }

    static List<String> hosts(String value) {
        if (value == null || value.isBlank()) return List.of();
        List<String> hosts = Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        for (String h : hosts) {
            if (!h.equals("*") && !HOST.matcher(h).matches()) {
                throw new ConfigurationException("PHAROS_ALLOWED_HOSTS", "expected a comma-separated list of host names "
                        + "or host:port (IPv6 in brackets, e.g. [::1]:8080), or *, got '" + h + "'");
            }
        }
        return hosts;
    }
}
