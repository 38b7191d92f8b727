package io.ddlguard.element;

import java.util.Locale;
import java.util.Objects;

/**
 * A database dialect: its name ({@code "mariadb"}) and the family it belongs to ({@code "mysql"}).
 *
 * <p>Two dialects are equal when their names are equal. The family decides lexing, identifier
 * folding and {@code ExecuteIf.dialect(...)} matching, so an unknown dialect whose family is known
 * behaves like that family. Immutable and thread-safe.
 */
public record Dialect(String name, String family) {

    /** How a dialect stores and compares identifiers written without quotes. */
    public enum NameCase {
        /** Unquoted names fold to lower case; quoted names are exact (PostgreSQL). */
        FOLD_LOWER,
        /** Unquoted names fold to upper case; quoted names are exact (Oracle, H2, the SQL standard). */
        FOLD_UPPER,
        /** Names are kept as written and compared exactly, quoted or not (MySQL/MariaDB on Linux). */
        EXACT,
        /** Names are kept as written and compared ignoring case, quoted or not (SQLite, SQL Server). */
        IGNORE_CASE
    }

    public static final Dialect POSTGRESQL = new Dialect("postgresql", "postgresql");
    public static final Dialect MYSQL = new Dialect("mysql", "mysql");
    public static final Dialect MARIADB = new Dialect("mariadb", "mysql");
    public static final Dialect H2 = new Dialect("h2", "h2");
    public static final Dialect SQLITE = new Dialect("sqlite", "sqlite");
    public static final Dialect ORACLE = new Dialect("oracle", "oracle");
    public static final Dialect MSSQL = new Dialect("mssql", "mssql");
    public static final Dialect COCKROACHDB = new Dialect("cockroachdb", "postgresql");
    /** Standard SQL: double-quoted identifiers, upper-case folding. Used when nothing better is known. */
    public static final Dialect GENERIC = new Dialect("generic", "generic");

    public Dialect {
        name = normalize(name, "name");
        family = normalize(family, "family");
    }

    /**
     * The dialect with this name: a known name or alias ({@code "postgres"}, {@code "sqlserver"},
     * {@code "cockroach"}) gives the known dialect, any other name a dialect that is its own family.
     */
    public static Dialect of(String name) {
        String n = normalize(name, "name");
        return switch (n) {
            case "postgresql", "postgres", "pg", "pgsql" -> POSTGRESQL;
            case "mysql" -> MYSQL;
            case "mariadb" -> MARIADB;
            case "h2" -> H2;
            case "sqlite", "sqlite3" -> SQLITE;
            case "oracle" -> ORACLE;
            case "mssql", "sqlserver", "sql server", "microsoft sql server" -> MSSQL;
            case "cockroachdb", "cockroach" -> COCKROACHDB;
            case "redshift", "yugabytedb", "greenplum" -> new Dialect(n, "postgresql");
            case "tidb" -> new Dialect(n, "mysql");
            case "generic", "ansi", "sql" -> GENERIC;
            default -> new Dialect(n, n);
        };
    }

    /** Whether this dialect is {@code nameOrFamily} or belongs to the family of that name. */
    public boolean is(String nameOrFamily) {
        String n = nameOrFamily.toLowerCase(Locale.ROOT);
        return name.equals(n) || family.equals(n);
    }

    /** How this dialect folds and compares unquoted identifiers. */
    public NameCase nameCase() {
        return switch (family) {
            case "postgresql" -> NameCase.FOLD_LOWER;
            case "mysql" -> NameCase.EXACT;
            case "sqlite", "mssql" -> NameCase.IGNORE_CASE;
            default -> NameCase.FOLD_UPPER;
        };
    }

    /**
     * {@code name} quoted by this dialect's rule, embedded quote characters doubled so that the name can never
     * end early: {@code "a""b"} (standard), {@code `a``b`} (MySQL family), {@code [a]]b]} (SQL Server).
     */
    public String quote(String name) {
        Objects.requireNonNull(name, "name");
        char open = switch (family) {
            case "mysql" -> '`';
            case "mssql" -> '[';
            default -> '"';
        };
        char close = open == '[' ? ']' : open;
        StringBuilder sb = new StringBuilder(name.length() + 2).append(open);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == close) {
                sb.append(c);
            }
            sb.append(c);
        }
        return sb.append(close).toString();
    }

    /**
     * An identifier ready to put into SQL text: as written when it was quoted (re-quoted by this dialect's rule)
     * or when it is a plain word; otherwise folded and quoted, so that no identifier can inject SQL.
     */
    public String render(Identifier identifier) {
        if (identifier.quoted()) {
            return quote(identifier.value());
        }
        return isPlainWord(identifier.value()) ? identifier.value() : quote(identifier.folded(this));
    }

    private static boolean isPlainWord(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dialect d && d.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name.equals(family) ? name : name + " (" + family + ")";
    }

    private static String normalize(String s, String what) {
        Objects.requireNonNull(s, what);
        String n = s.strip().toLowerCase(Locale.ROOT);
        if (n.isEmpty()) {
            throw new IllegalArgumentException("dialect " + what + " cannot be empty");
        }
        return n;
    }
}
