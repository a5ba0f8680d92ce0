package io.pharos.resource;

import io.pharos.common.JsonInput;
import io.pharos.db.Dialect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every resource filter, the one definition used by the resource list, a collection's and a taxonomy
 * node's contents and all search endpoints; null means "no filter". {@link #parse} reads it from a request,
 * {@link #where} renders it as a parameterised predicate. Adding a filter is a change to this record only:
 * a component, a line in {@link #parse}, a line in {@link #where} and its name in {@link #PARAMETERS}.
 */
public record ResourceFilter(
        String type,
        String language,
        String publisher,
        ReadStatus readStatus,
        String subject,
        String classificationCode,
        Double minQuality,
        Instant createdAfter,
        Instant createdBefore) {

    /** The request parameter (or body field) names the filter reads. */
    public static final Set<String> PARAMETERS = Set.of("type", "language", "publisher", "read_status", "subject",
            "classification_code", "min_quality", "created_after", "created_before");

    private static final ResourceFilter NONE = new ResourceFilter(null, null, null, null, null, null, null, null, null);

    public static ResourceFilter none() {
        return NONE;
    }

    /** Where the values come from: a request's query parameters (a bad one is a 400) or a JSON body's fields (422). */
    public interface Source {
        /** A text value, null when absent; {@code max}: the longest a body field may be (query parameters share one limit). */
        String text(String name, int max);

        /** A number from {@code min} to {@code max}, null when absent. */
        Double number(String name, double min, double max);

        /** An ISO-8601 instant or a date (midnight UTC), null when absent. */
        Instant instant(String name);

        /** True for body fields, false for query parameters. */
        boolean body();
    }

    /** The one parser of the filter parameters. */
    public static ResourceFilter parse(Source in) {
        String status = in.text("read_status", 32);
        return new ResourceFilter(
                in.text("type", 200),
                in.text("language", 100),
                in.text("publisher", 1_000),
                status == null ? null : ReadStatus.parse(status, "read_status", in.body()),
                in.text("subject", 500),
                in.text("classification_code", 1_000),
                in.number("min_quality", 0.0, 1.0),
                in.instant("created_after"),
                in.instant("created_before"));
    }

    /** The filter as an {@code AND} of fixed predicates over the resources table aliased {@code alias}; values are bound. */
    public SqlPredicate where(Dialect dialect, String alias) {
        String r = SqlPredicate.qualifier(alias);
        Predicates p = new Predicates();
        p.add(type, r + "type = :f_type", "f_type");
        p.add(language, r + "language = :f_language", "f_language");
        p.add(publisher, r + "publisher = :f_publisher", "f_publisher");
        p.add(readStatus == null ? null : readStatus.wire(), r + "read_status = :f_read_status", "f_read_status");
        p.add(subject, dialect.jsonArrayContains(r + "subject", "f_subject"), "f_subject");
        p.add(classificationCode, r + "classification_code = :f_classification_code", "f_classification_code");
        p.add(minQuality, r + "quality_score >= :f_min_quality", "f_min_quality");
        p.add(createdAfter, r + "created_at > :f_created_after", "f_created_after");
        p.add(createdBefore, r + "created_at < :f_created_before", "f_created_before");
        return p.predicate();
    }

    /** Reads the filter from a JSON body's fields, through {@link #parse}. */
    public static ResourceFilter parse(JsonInput body) {
        return parse(new Source() {
            @Override public String text(String name, int max) {
                return body.string(name, max);
            }

            @Override public Double number(String name, double min, double max) {
                return body.number(name, min, max);
            }

            @Override public Instant instant(String name) {
                return body.instant(name);
            }

            @Override public boolean body() {
                return true;
            }
        });
    }

    /** Accumulates the predicates of the filters that are set, with their values. */
    private static final class Predicates {
        private final StringBuilder sql = new StringBuilder();
        private final Map<String, Object> binds = new LinkedHashMap<>();

        void add(Object value, String predicate, String param) {
            if (value == null) return;
            if (!sql.isEmpty()) sql.append(" AND ");
            sql.append(predicate);
            binds.put(param, value);
        }

        SqlPredicate predicate() {
            return sql.isEmpty() ? SqlPredicate.TRUE : new SqlPredicate(sql.toString(), binds);
        }
    }
}
