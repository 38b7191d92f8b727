package io.ddlguard.element;

import java.util.Locale;
import java.util.Objects;

/**
 * One SQL identifier as written in a statement, without its quotes, remembering whether it was quoted.
 *
 * <p>{@code equals} is exact (value and quoting). To ask "do these name the same object" use
 * {@link #matches(Identifier, Dialect)}, which applies the dialect's folding rule: in PostgreSQL
 * {@code Users} and {@code "users"} are the same table, {@code "Users"} another. Immutable and thread-safe.
 *
 * @param value  the identifier's text without quotes, embedded quote escapes resolved
 * @param quoted whether it was written quoted ({@code "x"}, {@code `x`}, {@code [x]})
 */
public record Identifier(String value, boolean quoted) {

    public Identifier {
        Objects.requireNonNull(value, "value");
    }

    /** An identifier written without quotes. */
    public static Identifier of(String value) {
        return new Identifier(value, false);
    }

    /** An identifier written with quotes. */
    public static Identifier quoted(String value) {
        return new Identifier(value, true);
    }

    /**
     * The name the database stores for this identifier: unquoted names folded by the dialect's rule
     * (lower case in PostgreSQL, upper case in Oracle and H2, as written elsewhere).
     */
    public String folded(Dialect dialect) {
        if (quoted) {
            return value;
        }
        return switch (dialect.nameCase()) {
            case FOLD_LOWER -> value.toLowerCase(Locale.ROOT);
            case FOLD_UPPER -> value.toUpperCase(Locale.ROOT);
            case EXACT, IGNORE_CASE -> value;
        };
    }

    /** A key such that two identifiers name the same object in {@code dialect} exactly when their keys are equal. */
    public String key(Dialect dialect) {
        return dialect.nameCase() == Dialect.NameCase.IGNORE_CASE
                ? value.toLowerCase(Locale.ROOT)
                : folded(dialect);
    }

    /** Whether this identifier and {@code other} name the same object in {@code dialect}. */
    public boolean matches(Identifier other, Dialect dialect) {
        return other != null && key(dialect).equals(other.key(dialect));
    }

    /** The identifier as SQL would show it: quoted names in double quotes (embedded quotes doubled). */
    @Override
    public String toString() {
        return quoted ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
