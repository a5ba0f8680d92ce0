package io.pharos.config;

import io.pharos.common.ConfigurationException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code PHAROS_REDIS_URL}: {@code redis://[[user]:password@]host[:port][/db]}. The password never leaves
 * this record unmasked except to the client that authenticates with it: {@link #masked()} and
 * {@link #toString()} show {@code ***} in its place.
 */
public record RedisUrl(String host, int port, String user, String password, int database) {
    public static final int DEFAULT_PORT = 6379;

    public static RedisUrl parse(String raw) {
        String text = raw.strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(text);
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw invalid(text);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String user = null, password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (user.isEmpty()) user = null;
        }
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            if (database < 0 || database > 15) throw invalid(text);
        }
        return new RedisUrl(uri.getHost(), port, user, password, database);
    }

    private static ConfigurationException invalid(String text) {
        return new ConfigurationException("PHAROS_REDIS_URL", "expected redis://[:password@]host[:port][/db] (db 0 to 15), got '"
                + DatabaseUrl.redact(text) + "'");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with the password replaced by {@code ***}, for logs, health and {@code pharos settings}. */
    public String masked() {
        String auth = password == null ? (user == null ? "" : user + "@") : (user == null ? "" : user) + ":***@";
        return "redis://" + auth + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return masked();
    }
}
