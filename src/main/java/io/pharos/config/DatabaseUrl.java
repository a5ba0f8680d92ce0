package io.pharos.config;

import io.pharos.common.ConfigurationException;
import io.pharos.common.Secrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A parsed {@code DATABASE_URL}: which database, the JDBC URL to open, and the credentials kept apart
 * so that {@link #toString()} never shows a password.
 *
 * <p>Accepted forms: {@code postgresql://user:pass@host:5432/db?sslmode=require} (also {@code postgres://}),
 * {@code sqlite:path/to/file.db}, {@code sqlite::memory:}, {@code jdbc:postgresql:...} and {@code jdbc:sqlite:...}.
 * Query options of PostgreSQL URLs pass through to the driver unchanged.
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, String user, String password, boolean inMemory) {

    public enum Kind { SQLITE, POSTGRESQL }

    static final String SETTING = "DATABASE_URL";
    static final String EXAMPLES = "expected e.g. postgresql://user:pass@localhost:5432/pharos, sqlite:data/pharos.db or sqlite::memory:";

    /** The default embedded library file under the data directory. */
    public static DatabaseUrl sqliteFile(Path file) {
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + file, null, null, false);
    }

    public static DatabaseUrl parse(String raw) {
        if (raw == null || raw.isBlank()) throw invalid("is empty", raw);
        String url = raw.strip();
        String lower = url.toLowerCase();
        if (lower.equals("sqlite::memory:") || lower.equals("jdbc:sqlite::memory:")) {
            // a named shared-cache memory database, so every connection of the pool sees the same data
            String name = "pharos-" + UUID.randomUUID();
            return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:file:" + name + "?mode=memory&cache=shared", null, null, true);
        }
        if (lower.startsWith("jdbc:sqlite:")) return sqlite(url.substring("jdbc:sqlite:".length()), raw);
        if (lower.startsWith("sqlite://")) return sqlite(url.substring("sqlite://".length()), raw);
        if (lower.startsWith("sqlite:")) return sqlite(url.substring("sqlite:".length()), raw);
        if (lower.startsWith("jdbc:postgresql:")) return new DatabaseUrl(Kind.POSTGRESQL, url, null, null, false);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) return postgres(url, raw);
        throw invalid("unsupported database", raw);
    }

    private static DatabaseUrl sqlite(String path, String raw) {
        if (path.isBlank()) throw invalid("has no file path", raw);
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + path, null, null, false);
    }

    private static DatabaseUrl postgres(String url, String raw) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL (" + e.getReason() + ")", raw);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) throw invalid("has no host", raw);
        String db = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (db.isBlank()) throw invalid("has no database name", raw);
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String jdbc = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + db
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(Kind.POSTGRESQL, jdbc, user, password, false);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static ConfigurationException invalid(String why, String raw) {
        return new ConfigurationException(SETTING, why + ": '" + redact(raw) + "'; " + EXAMPLES);
    }

    private static final java.util.regex.Pattern PLAIN_AUTHORITY =
            java.util.regex.Pattern.compile("(?:[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+])(?::\\d*)?(?:/[^?#\\s]*)?");

    /**
     * {@code raw} as it may be shown in an error: the user-info (everything between {@code ://} and the
     * last {@code @} before the query) is replaced by the user name and {@code ***}, whatever characters
     * the password holds; password options are masked. Text that cannot be split that way shows nothing
     * after the scheme, since a password may be anywhere in it.
     */
    static String redact(String raw) {
        if (raw == null) return "";
        String text = raw.strip();
        int sep = text.indexOf("://");
        if (sep < 0) {
            int colon = text.indexOf(':');
            String scheme = colon < 0 ? text : text.substring(0, colon + 1);
            boolean credentialFree = text.regionMatches(true, 0, "sqlite:", 0, 7) || text.regionMatches(true, 0, "jdbc:sqlite:", 0, 12);
            return credentialFree ? text : (colon < 0 ? "***" : scheme + "***");
        }
        String scheme = text.substring(0, sep + 3);
        String rest = text.substring(sep + 3);
        int query = rest.indexOf('?');
        String beforeQuery = query < 0 ? rest : rest.substring(0, query);
        String queryPart = query < 0 ? "" : Secrets.mask(rest.substring(query));
        int at = beforeQuery.lastIndexOf('@');
        if (at < 0) {
            // no user-info: show it only if it is plainly host[:port][/db], anything else may hide a password
            return PLAIN_AUTHORITY.matcher(beforeQuery).matches() ? scheme + beforeQuery + queryPart : scheme + "***";
        }
        String userInfo = beforeQuery.substring(0, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String shownUser = user.matches("[A-Za-z0-9._%+-]*") ? user : "***";
        String hostPart = beforeQuery.substring(at + 1);
        String shownHost = PLAIN_AUTHORITY.matcher(hostPart).matches() || hostPart.isEmpty() ? hostPart : "***";
        return scheme + shownUser + (colon < 0 ? "" : ":***") + "@" + shownHost + queryPart;
    }

    /** The file of an SQLite library, or null for PostgreSQL and in-memory databases. */
    public Path sqliteFile() {
        if (kind != Kind.SQLITE || inMemory) return null;
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        if (path.startsWith("file:")) path = path.substring("file:".length());
        return Path.of(path);
    }

    /** A description safe for logs and responses: the URL with the password masked. */
    public String masked() {
        String shown = Secrets.mask(jdbcUrl);
        return user == null ? shown : shown + " (user " + user + ")";
    }

    @Override
    public String toString() {
        return masked();
    }
}
