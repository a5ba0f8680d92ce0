package io.pharos.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts an RFC 9457 problem response: status, content type and the field named (when given). */
public final class ProblemAssert {
    private ProblemAssert() {}

    public static void assertProblem(Api.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) assertThat(r.json().get("field").asText()).as(r.body()).isEqualTo(field);
    }
}
