package io.pharos.resource;

import org.jdbi.v3.core.statement.SqlStatement;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parameterised SQL predicate: text written in code with {@code :name} placeholders, and the values
 * bound to them. User input only ever reaches the database as a bound value, never as SQL text.
 */
public record SqlPredicate(String sql, Map<String, Object> binds) {
    public static final SqlPredicate TRUE = new SqlPredicate("1 = 1", Map.of());
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_]*");

    public SqlPredicate {
        Objects.requireNonNull(sql, "sql");
        binds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(binds));
    }

    /** Both predicates; a parameter name both bind must hold the same value. */
    public SqlPredicate and(SqlPredicate other) {
        Map<String, Object> all = new LinkedHashMap<>(binds);
        other.binds.forEach((name, value) -> {
            Object mine = all.putIfAbsent(name, value);
            if (mine != null && !mine.equals(value)) throw new IllegalArgumentException("parameter :" + name + " bound twice");
        });
        if (this == TRUE) return new SqlPredicate(other.sql, all);
        if (other == TRUE) return new SqlPredicate(sql, all);
        return new SqlPredicate(sql + " AND " + other.sql, all);
    }

    /** Binds every value of this predicate on {@code statement}. */
    public <S extends SqlStatement<S>> S bindTo(S statement) {
        binds.forEach(statement::bind);
        return statement;
    }

    /** {@code alias.}, refusing an alias that is not a plain lowercase name (aliases are fixed strings from code). */
    public static String qualifier(String alias) {
        if (!ALIAS.matcher(alias).matches()) throw new IllegalArgumentException("not a table alias: " + alias);
        return alias + ".";
    }
}
