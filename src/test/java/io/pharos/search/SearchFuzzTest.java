package io.pharos.search;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 random and adversarial query strings against the search API on this run's database: quotes,
 * operators of both databases' query languages, unicode, NUL, 10 KB strings, SQL fragments. None may
 * produce a 5xx; every answer is either results (200) or a problem naming a parameter (400).
 */
class SearchFuzzTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none"));

    static final String[] PIECES = {
            "\"", "\"\"", "'", "''", "-", "--", "+", "*", "^", ":", "(", ")", "[", "]", "{", "}", "OR", "AND", "NOT", "NEAR",
            "NEAR(a b, 2)", "title:", "col:x", "&", "|", "!", "!!", "<->", "<2>", "\\", "\\\\", "%", "_", ";", "/*", "*/",
            "' OR 1=1 --", "'; DROP TABLE resources; --", "UNION SELECT", "$$", "$1", ":name", "?", "\u0000", "\t", "\n",
            "é", "ß", "İ", "ﬁ", "日本語", "😀", "\uD83D", "\uDC00", "\u202E", "\u200B", "Ω", "ا", "ℌ", "x", "wal", "the",
            "checkpoint", "a", "1", "0x00", "NULL", "null", "true", "-\"", "\"-", "\"a b", "a\"b", "<mark>", "</script>"};

    @Test
    void ten_thousand_odd_queries_never_make_a_server_error() {
        Api api = server.api();
        api.post("/api/v1/resources", Api.json(Map.of("title", "WAL checkpoint", "content", "The write-ahead log and checkpoints. Unicode: 日本語 é ß 😀")));
        Random random = new Random(20261121);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) queries.add(query(random, i));
        int ok = 0;
        for (int i = 0; i < queries.size(); i++) {
            String q = queries.get(i);
            var r = i % 2 == 0
                    ? api.get("/api/v1/search?mode=keyword&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                    : api.post("/api/v1/search", Api.json(Map.of("q", q)));
            assertThat(r.status()).as("query #%d %s -> %s", i, printable(q), r.body()).isIn(200, 400, 414, 422);   // 414: Jetty refuses a URI over its limit before Pharos sees it
            if (r.status() == 200) ok++;
        }
        assertThat(ok).isGreaterThan(5_000);
    }

    private static String query(Random random, int i) {
        if (i % 1000 == 999) return "x".repeat(10_240);                       // 10 KB
        if (i % 1000 == 998) return "\"a\" ".repeat(2_560);                   // 10 KB of phrases
        if (i % 1000 == 997) return "-".repeat(5_000) + "wal";
        StringBuilder s = new StringBuilder();
        int parts = 1 + random.nextInt(8);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(4)) {
                case 0 -> s.append(PIECES[random.nextInt(PIECES.length)]);
                case 1 -> s.appendCodePoint(random.nextInt(0x2FFFF));            // any code point, surrogates and controls too
                case 2 -> s.append((char) random.nextInt(128));
                default -> s.append(PIECES[random.nextInt(PIECES.length)]).append(' ');
            }
        }
        return s.toString();
    }

    private static String printable(String q) {
        String p = q.length() > 80 ? q.substring(0, 80) + "…" : q;
        return p.replace("\u0000", "\\0");
    }
}
