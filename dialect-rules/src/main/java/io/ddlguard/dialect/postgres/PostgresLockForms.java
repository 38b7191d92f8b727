package io.ddlguard.dialect.postgres;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one list of PostgreSQL statement forms whose locks ddlguard knows beyond the element model's: which relations
 * a form names and what it locks on and around each ({@link LockShape}), read from the statement's text. Every form
 * here is checked against {@code pg_locks} by {@code PostgresLockPlannerIT}; the modes are those measured on
 * PostgreSQL 17 (dialect-rules/LOCKS-postgres-forms.md). A statement with any part this list does not know gives
 * empty, and the guard then bounds it without a plan. Stateless and thread-safe.
 *
 * <p>The forms: {@code ALTER TABLE} with {@code OWNER TO}, {@code SET TABLESPACE}, {@code ENABLE/DISABLE
 * TRIGGER|RULE|ROW LEVEL SECURITY}, {@code FORCE/NO FORCE ROW LEVEL SECURITY}, {@code VALIDATE CONSTRAINT},
 * {@code RENAME CONSTRAINT}, {@code ALTER CONSTRAINT}, {@code SET/RESET (...)}, {@code REPLICA IDENTITY},
 * {@code CLUSTER ON}, {@code SET WITHOUT CLUSTER}, {@code INHERIT}, {@code NO INHERIT}, {@code ATTACH PARTITION},
 * {@code DETACH PARTITION [FINALIZE]}, {@code ALTER COLUMN ... SET STATISTICS | SET (...) | RESET (...)}, and the
 * subcommands the element model reads (planned by their elements too); {@code ALTER INDEX | VIEW | SEQUENCE |
 * MATERIALIZED VIEW} with {@code RENAME}, {@code SET SCHEMA}, {@code OWNER TO}, {@code SET/RESET (...)};
 * {@code REINDEX INDEX | TABLE}; {@code REFRESH MATERIALIZED VIEW [CONCURRENTLY]}; {@code CLUSTER};
 * {@code VACUUM [FULL]} and {@code ANALYZE} of named tables; {@code LOCK TABLE}; {@code CREATE/DROP/ALTER TRIGGER |
 * POLICY | RULE}; {@code COMMENT ON} a relation, column or constraint; {@code CREATE TABLE ... PARTITION OF |
 * INHERITS | LIKE} and with foreign keys; {@code ALTER TYPE} (a composite type's own relation).
 */
public final class PostgresLockForms {

    private static final DialectRules RULES = DialectRules.of(Dialect.POSTGRESQL);
    /** Storage parameters whose change takes AccessExclusiveLock; every other one takes ShareUpdateExclusiveLock. */
    private static final Set<String> EXCLUSIVE_PARAMETERS = Set.of("user_catalog_table");

    private PostgresLockForms() {
    }

    /** The relations {@code sql} locks and how, or empty when its form (or a part of it) is not in this list. */
    public static Optional<List<LockShape>> of(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        if (t.statementCount() == 0) {
            return Optional.empty();
        }
        TokenCursor c = new TokenCursor(t, t.statementFirstToken(0), t.statementEndToken(0), sql, RULES);
        ShapeReader shapes = new ShapeReader(c);
        try {
            return new FormReader(c, shapes).read() ? Optional.of(shapes.shapes()) : Optional.empty();
        } catch (TokenCursor.Unreadable e) {
            return Optional.empty();
        }
    }

    /** The parents a {@code CREATE TABLE ... INHERITS (a, b)} names; empty when it inherits from none. */
    public static List<QualifiedName> inheritsFrom(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            if (t.isSymbol(i, '(')) {
                depth++;
            } else if (t.isSymbol(i, ')')) {
                depth--;
            } else if (depth == 0 && t.isWord(i, "INHERITS") && t.isSymbol(i + 1, '(')) {
                TokenCursor c = new TokenCursor(t, i + 2, t.size(), sql, RULES);
                ShapeReader r = new ShapeReader(c);
                List<QualifiedName> parents = new ArrayList<>(1);
                try {
                    do {
                        parents.add(r.name());
                    } while (c.acceptSymbol(','));
                } catch (TokenCursor.Unreadable e) {
                    return List.of();
                }
                return parents;
            }
        }
        return List.of();
    }

    /**
     * The objects a {@code DROP TYPE | DOMAIN | FUNCTION | PROCEDURE | ROUTINE} names, as PostgreSQL's
     * {@code to_regtype} and {@code to_regprocedure} read them: each name as written, with its argument list where
     * one is given ({@code f(int, text)}); empty for any other statement.
     */
    public static List<String> droppedTypesOrRoutines(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        if (t.size() < 3 || !t.isWord(0, "DROP")) {
            return List.of();
        }
        if (!t.isWord(1, "TYPE") && !t.isWord(1, "DOMAIN") && !t.isWord(1, "FUNCTION") && !t.isWord(1, "PROCEDURE")
                && !t.isWord(1, "ROUTINE")) {
            return List.of();
        }
        int i = 2;
        if (t.isWord(i, "IF") && t.isWord(i + 1, "EXISTS")) {
            i += 2;
        }
        List<String> names = new ArrayList<>(1);
        while (i < t.size()) {
            int start = i;
            while (i < t.size() && (t.kind(i) == Tokens.WORD || t.kind(i) == Tokens.QUOTED || t.isSymbol(i, '.'))
                    && !t.isWord(i, "CASCADE") && !t.isWord(i, "RESTRICT")) {
                i++;
            }
            if (i == start) {
                break;
            }
            if (t.isSymbol(i, '(')) {
                int depth = 0;
                do {
                    depth += t.isSymbol(i, '(') ? 1 : t.isSymbol(i, ')') ? -1 : 0;
                    i++;
                } while (i < t.size() && depth > 0);
            }
            names.add(sql.substring(t.start(start), t.end(i - 1)));
            if (!t.isSymbol(i, ',')) {
                break;
            }
            i++;
        }
        return names;
    }

    /** The (possibly schema-qualified) name at token {@code i} of {@code t}, or null when there is none. */
    static QualifiedName nameAt(Tokens t, int i) {
        try {
            return new ShapeReader(new TokenCursor(t, i, t.size(), t.sql(), RULES)).name();
        } catch (TokenCursor.Unreadable e) {
            return null;
        }
    }
}
