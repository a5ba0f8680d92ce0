package io.pharos.common;

import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.testing.Api;
import io.pharos.testing.LogCapture;
import io.pharos.testing.ProblemAssert;
import io.pharos.testing.TestDatabase;
import io.pharos.testing.TestServer;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Nothing a caller sends can write a line of its own into the log, nor have its values logged with a database error. */
class LogInjectionTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    private static final String FORGED = "\n2026-12-03 00:00:00 INFO  forged line";

    @Test
    void a_database_error_is_logged_with_its_statement_and_sqlstate_never_its_bound_values() {
        try (Database db = Database.open(testDb.settings())) {
            new SchemaMigrator(db).upgrade();
            StatementException e = catchThrowableOfType(StatementException.class, () -> db.write(h ->
                    h.createUpdate("INSERT INTO users (id, name, email, role, created_at) VALUES (:id, :name, :email, 'nosuchrole', :at)")
                            .bind("id", java.util.UUID.randomUUID()).bind("name", "secret-value" + FORGED)
                            .bind("email", "x@example.org").bind("at", java.time.Instant.now()).execute()));
            assertThat(e).as("the statement fails on the role check").isNotNull();
            assertThat(e.getMessage()).as("the library's own message carries the value").contains("secret-value");

            String logged = stackTrace(LogSafe.forLog(e));
            assertThat(logged).doesNotContain("secret-value").doesNotContain("forged line").containsAnyOf("SQLSTATE 23514", "error code 19").contains("INSERT INTO users");
            assertThat(LogSafe.describe(e)).doesNotContain("\n").startsWith("statement failed (");
        }
    }

    @Test
    void control_characters_in_logged_text_are_escaped() {
        assertThat(LogSafe.text("a\nb\r\tc\u0000d\u2028e")).isEqualTo("a\\nb\\r\\tc\\u0000d\\u2028e");
        assertThat(LogSafe.text("postgresql://u:pw@h/db")).doesNotContain("pw");
    }

    @Test
    void a_forged_cursor_with_a_nul_or_a_year_out_of_range_is_a_400_and_logs_nothing_forged() {
        try (LogCapture log = new LogCapture()) {
            for (String json : new String[] {
                    "{\"s\":\"title\",\"d\":\"asc\",\"v\":\"x\\u0000" + FORGED.replace("\n", "\\n") + "\",\"id\":\"" + java.util.UUID.randomUUID() + "\"}",
                    "{\"s\":\"created_at\",\"d\":\"asc\",\"v\":\"+20000-01-01T00:00:00Z\",\"id\":\"" + java.util.UUID.randomUUID() + "\"}",
                    "{\"s\":\"created_at\",\"d\":\"asc\",\"v\":\"-0001-01-01T00:00:00Z\",\"id\":\"" + java.util.UUID.randomUUID() + "\"}"}) {
                String sort = json.contains("title") ? "title" : "created_at";
                String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
                Api.Response r = server.api().get("/api/v1/resources?sort=" + sort + "&order=asc&cursor=" + cursor);
                ProblemAssert.assertProblem(r, 400, "cursor");
            }
            assertThat(log.text()).doesNotContain("forged line");
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
