package io.ddlguard.element;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A literal DDL statement written by the user, with {@code %(key)s} placeholders filled in when it runs
 * ({@code %(table)s}, {@code %(schema)s}, {@code %(fullname)s}, {@code %(name)s}, plus the given context).
 * Immutable and thread-safe.
 */
public record Ddl(String sql, Map<String, String> context) implements DdlElement {
    public Ddl {
        Objects.requireNonNull(sql, "sql");
        context = Map.copyOf(context);
    }

    /** A literal statement without extra context. */
    public static Ddl of(String sql) {
        return new Ddl(sql, Map.of());
    }

    /** A literal statement whose {@code context} keys override the built-in ones. */
    public static Ddl of(String sql, Map<String, String> context) {
        return new Ddl(sql, context);
    }

    /** From the statement's first word: {@code CREATE} creates, {@code DROP}/{@code TRUNCATE} drop, the rest alter. */
    @Override
    public Action action() {
        String s = sql.stripLeading();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return switch (s.substring(0, end).toUpperCase(Locale.ROOT)) {
            case "CREATE" -> Action.CREATE;
            case "DROP", "TRUNCATE" -> Action.DROP;
            default -> Action.ALTER;
        };
    }

    @Override public ObjectKind objectKind() { return ObjectKind.OTHER; }
    @Override public java.util.List<QualifiedName> names() { return java.util.List.of(); }
}
