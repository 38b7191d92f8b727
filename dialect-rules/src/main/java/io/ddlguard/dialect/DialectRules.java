package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Objects;

/**
 * What ddlguard needs to know about a dialect's SQL text: how it is lexed, how identifiers fold and
 * are quoted, and whether DDL is transactional. Immutable and thread-safe; one shared instance per family.
 */
public final class DialectRules {

    private static final DialectRules POSTGRESQL = new DialectRulesBuilder(Dialect.POSTGRESQL)
            .dollarQuotes().nestedComments().escapeStrings().carriageReturnEndsLineComments().transactionalDdl()
            .lockingStatements("DO", "VACUUM", "ANALYZE", "ANALYSE", "CLUSTER", "LOCK").lockEngine(LockEngine.POSTGRESQL)
            .foreignKeysQuery(CatalogQueries.POSTGRES_FOREIGN_KEYS).build();
    private static final DialectRules MYSQL = new DialectRulesBuilder(Dialect.MYSQL)
            .quote('`', '`').hashComments().backslashEscapes().doubleQuotedStrings().executableComments()
            .dashCommentNeedsSpace().lockingStatements("OPTIMIZE", "ANALYZE", "REPAIR", "LOCK")
            .lockEngine(LockEngine.MYSQL).schemas(Schemas.CATALOGS).dropForeignKey(" DROP FOREIGN KEY ")
            .minimumLockWait(Duration.ofSeconds(1))
            .indexesInTableDefinition().databasesAreSchemas().renameNamesKind().alterColumnKeepsType()
            .noTableLevelDropDefault().analyzeIsTableMaintenance().lockModePerTable().build();
    /** MariaDB's {@code lock_wait_timeout = 0} fails at once without queueing: its attempts may be that short. */
    private static final DialectRules MARIADB = MYSQL.with(Dialect.MARIADB, Duration.ZERO);
    private static final DialectRules H2 = new DialectRulesBuilder(Dialect.H2).quote('`', '`').emptyDollarQuotes().nestedComments()
            .slashSlashComments().carriageReturnEndsLineComments().lockEngine(LockEngine.H2)
            .sequencesQuery(CatalogQueries.H2_SEQUENCES).build();
    private static final DialectRules SQLITE = new DialectRulesBuilder(Dialect.SQLITE)
            .alternativeQuotes().lockEngine(LockEngine.SQLITE).schemas(Schemas.NONE).noAlterConstraints()
            .internalTablePrefix("sqlite_").firstStatementOnly().build();
    private static final DialectRules ORACLE = new DialectRulesBuilder(Dialect.ORACLE).alternativeStrings().slashTerminator().build();
    private static final DialectRules MSSQL = new DialectRulesBuilder(Dialect.MSSQL)
            .quote('[', ']').nestedComments().goSeparator().transactionalDdl().renamesByProcedure().build();
    private static final DialectRules GENERIC = new DialectRulesBuilder(Dialect.GENERIC).build();

    final Dialect dialect;
    final char openQuote;
    final char closeQuote;
    final boolean dollarQuotes;
    final boolean emptyDollarQuotesOnly;
    final boolean nestedComments;
    final boolean hashComments;
    final boolean dashCommentNeedsSpace;
    final boolean slashSlashComments;
    final boolean carriageReturnEndsLineComments;
    final boolean backslashEscapes;
    final boolean escapeStrings;
    final boolean doubleQuotedStrings;
    final boolean executableComments;
    final boolean alternativeQuotes;
    final boolean alternativeStrings;
    final boolean goSeparator;
    final boolean slashTerminator;
    final boolean transactionalDdl;
    final LockEngine lockEngine;
    final Schemas schemas;
    final boolean alterConstraints;
    final String dropForeignKey;
    final String internalTablePrefix;
    final boolean firstStatementOnly;
    final Duration minimumLockWait;
    final String sequencesQuery;
    final String foreignKeysQuery;
    final boolean renamesByProcedure;
    final boolean indexesInTableDefinition;
    final boolean databasesAreSchemas;
    final boolean renameNamesKind;
    final boolean alterColumnKeepsType;
    final boolean tableLevelDropDefault;
    final boolean analyzeIsTableMaintenance;
    final boolean lockModePerTable;
    final String[] lockingKeywords;
    private final List<String> lockingStatements;
    /** {@link #sessionReadings}, built on first use (a benign race: every thread builds equal lists). */
    private volatile List<DialectRules> readings;

    DialectRules(DialectRulesBuilder b) {
        dialect = b.dialect;
        openQuote = b.openQuote;
        closeQuote = b.closeQuote;
        dollarQuotes = b.dollarQuotes;
        emptyDollarQuotesOnly = b.emptyDollarQuotesOnly;
        nestedComments = b.nestedComments;
        hashComments = b.hashComments;
        dashCommentNeedsSpace = b.dashCommentNeedsSpace;
        slashSlashComments = b.slashSlashComments;
        carriageReturnEndsLineComments = b.carriageReturnEndsLineComments;
        backslashEscapes = b.backslashEscapes;
        escapeStrings = b.escapeStrings;
        doubleQuotedStrings = b.doubleQuotedStrings;
        executableComments = b.executableComments;
        alternativeQuotes = b.alternativeQuotes;
        alternativeStrings = b.alternativeStrings;
        goSeparator = b.goSeparator;
        slashTerminator = b.slashTerminator;
        transactionalDdl = b.transactionalDdl;
        lockEngine = b.lockEngine;
        schemas = b.schemas;
        alterConstraints = b.alterConstraints;
        dropForeignKey = b.dropForeignKey;
        internalTablePrefix = b.internalTablePrefix;
        firstStatementOnly = b.firstStatementOnly;
        minimumLockWait = b.minimumLockWait;
        sequencesQuery = b.sequencesQuery;
        foreignKeysQuery = b.foreignKeysQuery;
        renamesByProcedure = b.renamesByProcedure;
        indexesInTableDefinition = b.indexesInTableDefinition;
        databasesAreSchemas = b.databasesAreSchemas;
        renameNamesKind = b.renameNamesKind;
        alterColumnKeepsType = b.alterColumnKeepsType;
        tableLevelDropDefault = b.tableLevelDropDefault;
        analyzeIsTableMaintenance = b.analyzeIsTableMaintenance;
        lockModePerTable = b.lockModePerTable;
        lockingKeywords = b.lockingStatements.clone();
        lockingStatements = List.of(lockingKeywords);
    }

    /** The rules for {@code dialect}: its family's rules, or standard SQL's for an unknown family. */
    public static DialectRules of(Dialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        DialectRules family = switch (dialect.family()) {
            case "postgresql" -> POSTGRESQL;
            case "mysql" -> dialect.name().equals("mariadb") ? MARIADB : MYSQL;
            case "h2" -> H2;
            case "sqlite" -> SQLITE;
            case "oracle" -> ORACLE;
            case "mssql" -> MSSQL;
            default -> GENERIC;
        };
        return family.dialect.equals(dialect) ? family : family.with(dialect);
    }

    /** The dialect these rules are for. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Whether DDL takes part in transactions: true for PostgreSQL and SQL Server, where a rolled-back
     * transaction undoes its DDL; false where each DDL statement commits on its own (MySQL, MariaDB, Oracle)
     * or where ddlguard does not rely on it (H2, SQLite).
     */
    public boolean transactionalDdl() {
        return transactionalDdl;
    }

    /**
     * The first keywords of the statements that are not DDL but take locks other sessions can hold, so that the
     * guard bounds them like DDL (they fire no events): PostgreSQL's {@code DO} (a block that may run DDL),
     * {@code VACUUM}, {@code ANALYZE}, {@code CLUSTER} and {@code LOCK}; MySQL's and MariaDB's {@code OPTIMIZE},
     * {@code ANALYZE} and {@code REPAIR} (which take the table's metadata lock) and {@code LOCK TABLES}. This is the
     * one list of them; {@code REINDEX}, {@code REFRESH} and {@code COMMENT} are DDL and fire alter events.
     * Upper case; empty for other engines.
     */
    public List<String> lockingStatements() {
        return lockingStatements;
    }

    /**
     * Which guard this engine gets. A relative of a family that is not the family itself (CockroachDB in
     * PostgreSQL's) gets none: its lock views differ.
     */
    public LockEngine lockEngine() {
        return lockEngine;
    }

    /** Whether the engine shows who holds a lock, so that the holders of a statement can be asked for alone. */
    public boolean showsLockHolders() {
        return lockEngine == LockEngine.POSTGRESQL || lockEngine == LockEngine.MYSQL || lockEngine == LockEngine.H2;
    }

    /** What JDBC's metadata calls a schema on this engine. */
    public enum Schemas {
        /** JDBC schemas ({@code getSchema()}, {@code TABLE_SCHEM}). */
        SCHEMAS,
        /** JDBC catalogs: MySQL's and MariaDB's databases ({@code getCatalog()}, {@code TABLE_CAT}). */
        CATALOGS,
        /** None: SQLite has one namespace per file. */
        NONE
    }

    /** What JDBC's metadata calls this engine's schemas. */
    public Schemas schemas() {
        return schemas;
    }

    /**
     * Whether constraints of an existing table can be added and dropped ({@code ALTER TABLE … ADD/DROP CONSTRAINT};
     * SQLAlchemy's {@code supports_alter}): not on SQLite.
     */
    public boolean altersConstraints() {
        return alterConstraints;
    }

    /** The clause that drops a foreign key by name, with its spaces: {@code " DROP CONSTRAINT "} but on MySQL. */
    public String dropForeignKey() {
        return dropForeignKey;
    }

    /** Whether {@code table} is one the engine keeps for itself ({@code sqlite_sequence}), not the application's. */
    public boolean isInternalTable(String table) {
        return internalTablePrefix != null && table.toLowerCase(Locale.ROOT).startsWith(internalTablePrefix);
    }

    /**
     * Whether the driver runs only the first statement of a text handed to {@code execute}, {@code executeQuery}
     * or a prepared statement, silently ignoring the rest (sqlite-jdbc), and every statement only for
     * {@code executeUpdate}.
     */
    public boolean runsFirstStatementOnly() {
        return firstStatementOnly;
    }

    /**
     * The shortest lock wait the engine can be told to keep to: MySQL's {@code lock_wait_timeout} counts whole
     * seconds from 1; MariaDB's may be 0 (fail at once); elsewhere a millisecond.
     */
    public Duration minimumLockWait() {
        return minimumLockWait;
    }

    /**
     * A query of the names of a schema's sequences (its one parameter), for an engine whose JDBC metadata does not
     * list them (H2); empty where {@code getTables} does.
     */
    public Optional<String> sequencesQuery() {
        return Optional.ofNullable(sequencesQuery);
    }

    /**
     * A query of every foreign key of a schema (its one parameter) in one round trip, where the driver's
     * {@code getImportedKeys} costs one per table (pgjdbc): rows of table, constraint, referred schema and table,
     * delete and update rules ({@code pg_constraint}'s letters) and the two column arrays in key order. Empty where
     * the driver's metadata serves.
     */
    public Optional<String> foreignKeysQuery() {
        return Optional.ofNullable(foreignKeysQuery);
    }

    /** Whether objects are renamed by a stored procedure ({@code EXEC sp_rename}: SQL Server), which is DDL. */
    public boolean renamesByProcedure() {
        return renamesByProcedure;
    }

    /**
     * Whether {@code CREATE TABLE}'s element list may define plain indexes ({@code KEY}, {@code INDEX},
     * {@code FULLTEXT}, {@code SPATIAL}) beside its columns and constraints: MySQL, MariaDB.
     */
    public boolean indexesInTableDefinition() {
        return indexesInTableDefinition;
    }

    /** Whether {@code DATABASE} means {@code SCHEMA} in {@code CREATE} and {@code DROP}: MySQL, MariaDB. */
    public boolean databasesAreSchemas() {
        return databasesAreSchemas;
    }

    /**
     * Whether {@code RENAME} names the kind of what it renames ({@code RENAME TABLE a TO b}, {@code RENAME USER}:
     * MySQL, MariaDB), so that one without {@code TABLE} renames no table; elsewhere a bare {@code RENAME a TO b}
     * (Oracle's) renames a table.
     */
    public boolean renameNamesKind() {
        return renameNamesKind;
    }

    /**
     * Whether {@code ALTER [COLUMN] c} never changes the column's type: MySQL's and MariaDB's set or drop its default
     * or its visibility ({@code MODIFY} and {@code CHANGE} redefine a column), whereas SQL Server's and H2's
     * {@code ALTER COLUMN c INT} gives it a new type.
     */
    public boolean alterColumnKeepsType() {
        return alterColumnKeepsType;
    }

    /**
     * Whether {@code ALTER TABLE t DROP DEFAULT} may be a clause of the table's own, a form the element model does
     * not have: not on MySQL and MariaDB, whose {@code ALTER TABLE} drops a default only through its column
     * ({@code ALTER c DROP DEFAULT}).
     */
    public boolean tableLevelDropDefault() {
        return tableLevelDropDefault;
    }

    /**
     * Whether {@code ANALYZE} is a table maintenance statement like {@code OPTIMIZE} and {@code REPAIR}
     * ({@code ANALYZE [LOCAL] TABLE t, ...}: MySQL, MariaDB) rather than PostgreSQL's
     * {@code ANALYZE [VERBOSE] [(options)] [t [(columns)], ...]}.
     */
    public boolean analyzeIsTableMaintenance() {
        return analyzeIsTableMaintenance;
    }

    /**
     * Whether {@code LOCK} gives each table its own lock type ({@code LOCK TABLES t [[AS] alias] READ | WRITE, ...}:
     * MySQL, MariaDB; one without {@code TABLE} or {@code TABLES}, such as {@code LOCK INSTANCE FOR BACKUP}, locks no
     * table) rather than one mode for them all (PostgreSQL's {@code LOCK [TABLE] t, ... IN mode MODE}).
     */
    public boolean lockModePerTable() {
        return lockModePerTable;
    }

    /** Whether {@code sql} has, at {@code i}, the keyword of one of {@link #lockingStatements()}. Allocation-free. */
    public boolean startsLockingStatement(String sql, int i) {
        char first = (char) (sql.charAt(i) | 0x20);
        for (String keyword : lockingKeywords) {
            int end = i + keyword.length();
            // DML such as DELETE comes here: most keywords are ruled out by their first letter alone
            if ((keyword.charAt(0) | 0x20) == first && end <= sql.length()
                    && sql.regionMatches(true, i, keyword, 0, keyword.length())
                    && (end == sql.length() || !isWordPart(sql.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Whether {@code #} starts a comment (MySQL family). */
    public boolean hashComments() {
        return hashComments;
    }

    /** Whether {@code /*! ... *}{@code /} comments hold code the server runs (MySQL family). */
    public boolean executableComments() {
        return executableComments;
    }

    /** Whether block comments nest (PostgreSQL, SQL Server, H2). */
    public boolean nestedComments() {
        return nestedComments;
    }

    /** Whether a line holding only {@code GO} or {@code /} separates batches (SQL Server, Oracle). */
    public boolean separatorLines() {
        return goSeparator || slashTerminator;
    }

    /** Whether {@code c} opens a quoted identifier in this dialect. */
    public boolean opensQuotedIdentifier(char c) {
        return c == openQuote || (c == '"' && !doubleQuotedStrings)
                || (alternativeQuotes && (c == '`' || c == '['));
    }

    /**
     * {@code name} quoted by the dialect's rule, embedded quote characters doubled, so that it can never
     * end the identifier early: {@code a"b} becomes {@code "a""b"} in PostgreSQL, {@code `a"b`} in MySQL.
     */
    public String quote(String name) {
        return dialect.quote(name);
    }

    /** An identifier ready for SQL text; see {@link Dialect#render(Identifier)}. */
    public String render(Identifier identifier) {
        return dialect.render(identifier);
    }

    /** A name folded to what the database stores for it unquoted (lower case in PostgreSQL, upper in H2). */
    public String fold(String unquoted) {
        return switch (dialect.nameCase()) {
            case FOLD_LOWER -> unquoted.toLowerCase(Locale.ROOT);
            case FOLD_UPPER -> unquoted.toUpperCase(Locale.ROOT);
            case EXACT, IGNORE_CASE -> unquoted;
        };
    }

    /**
     * The readings a server setting of the session can give the same text, these rules first: for MySQL and
     * MariaDB, {@code NO_BACKSLASH_ESCAPES} (a backslash escapes nothing) and {@code ANSI_QUOTES} ({@code "}
     * quotes a name, not a string), alone and together; for PostgreSQL, {@code standard_conforming_strings = off}
     * (a backslash escapes in every string). Other engines have no such setting: one reading. The list is built
     * once and shared.
     */
    public List<DialectRules> sessionReadings() {
        List<DialectRules> r = readings;
        if (r == null) {
            r = switch (dialect.family()) {
                case "mysql" -> List.of(this, quoting(false, true), quoting(true, false), quoting(false, false));
                case "postgresql" -> List.of(this, quoting(true, false));
                default -> List.of(this);
            };
            readings = r;
        }
        return r;
    }

    /**
     * The session setting that decides which of {@link #sessionReadings()} a session gives: {@link QuotingSetting#NONE}
     * where there is one reading.
     */
    public QuotingSetting quotingSetting() {
        return switch (dialect.family()) {
            case "mysql" -> QuotingSetting.SQL_MODE;
            case "postgresql" -> QuotingSetting.STANDARD_CONFORMING_STRINGS;
            default -> QuotingSetting.NONE;
        };
    }

    /**
     * Whether these rules read a backslash inside {@code '...'} as an escape: MySQL's default, and PostgreSQL's
     * with {@code standard_conforming_strings = off}.
     */
    public boolean backslashEscapes() {
        return backslashEscapes;
    }

    /** Whether {@code "..."} is a string (MySQL's default) rather than a quoted name. */
    public boolean doubleQuotedStrings() {
        return doubleQuotedStrings;
    }

    /** These rules with the two session-dependent quoting settings given. */
    private DialectRules quoting(boolean backslash, boolean doubleQuoted) {
        DialectRulesBuilder b = new DialectRulesBuilder(this, dialect);
        b.backslashEscapes = backslash;
        b.doubleQuotedStrings = doubleQuoted;
        return b.build();
    }

    private DialectRules with(Dialect other) {
        DialectRulesBuilder b = new DialectRulesBuilder(this, other);
        if (!other.name().equals(dialect.name())) {
            b.lockEngine = other.family().equals(other.name()) ? lockEngine : LockEngine.NONE;
        }
        return b.build();
    }

    private DialectRules with(Dialect other, Duration minimumLockWait) {
        DialectRulesBuilder b = new DialectRulesBuilder(this, other);
        b.minimumLockWait = minimumLockWait;
        return b.build();
    }

    @Override
    public String toString() {
        return "DialectRules[" + dialect + "]";
    }
}
