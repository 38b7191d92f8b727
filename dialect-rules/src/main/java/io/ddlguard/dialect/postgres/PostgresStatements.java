package io.ddlguard.dialect.postgres;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;

/**
 * What the guard needs to know of a PostgreSQL statement's form beyond the element model: whether it is a
 * {@code DO} block, which relations an {@code ALTER TABLE} locks besides its table, and whether an attempt cut off by
 * its lock timeout leaves something behind that a retry would trip over. Read from the statement's text by PostgreSQL's lexing. Stateless and thread-safe.
 */
public final class PostgresStatements {

    private static final DialectRules RULES = DialectRules.of(Dialect.POSTGRESQL);

    private PostgresStatements() {
    }

    /** Whether {@code sql} is a {@code DO} block. */
    public static boolean isDoBlock(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        return t.size() > 0 && t.isWord(0, "DO");
    }

    /**
     * Whether an attempt of {@code sql} that times out leaves state behind, so that it gets a single attempt:
     * {@code REINDEX ... CONCURRENTLY} (an INVALID {@code _ccnew} index) and
     * {@code ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY} (a partition pending detach). The planned
     * {@code CREATE/DROP INDEX CONCURRENTLY} are the planner's.
     */
    public static boolean leavesStateOnTimeout(String sql) {
        return !cleanupAfterTimeout(sql).isEmpty();
    }

    /** What to tell a user whose {@code sql} timed out and left state behind; empty when it leaves none. */
    public static String cleanupAfterTimeout(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        if (t.size() == 0) {
            return "";
        }
        if (t.isWord(0, "REINDEX") && has(t, "CONCURRENTLY")) {
            return "a REINDEX CONCURRENTLY cut off by its lock timeout can leave an INVALID index whose name ends in"
                    + " _ccnew behind: drop it with DROP INDEX CONCURRENTLY, then run the REINDEX again";
        }
        if (t.isWord(0, "ALTER") && has(t, "DETACH") && has(t, "CONCURRENTLY")) {
            return "a DETACH PARTITION CONCURRENTLY cut off by its lock timeout leaves the partition pending detach:"
                    + " finish it with ALTER TABLE ... DETACH PARTITION ... FINALIZE";
        }
        return "";
    }

    /**
     * Whether PostgreSQL refuses to run {@code sql} inside a transaction block: {@code VACUUM}, the
     * {@code CONCURRENTLY} forms of {@code CREATE INDEX}, {@code DROP INDEX}, {@code REINDEX} and
     * {@code DETACH PARTITION}, {@code REINDEX SCHEMA/DATABASE/SYSTEM}, {@code CREATE/DROP DATABASE},
     * {@code CREATE/DROP TABLESPACE}, {@code ALTER DATABASE ... SET TABLESPACE}, {@code ALTER SYSTEM} and a bare
     * {@code CLUSTER}. Such a statement cannot get a transaction-scoped lock timeout. The list saves a wasted attempt;
     * it need not be complete, because a statement that fails with {@code 25001} in a transaction block (or a
     * {@code DO} block that commits, {@code 2D000}) is run again outside one.
     */
    public static boolean outsideTransactionBlock(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        if (t.size() == 0) {
            return false;
        }
        if (t.isWord(0, "VACUUM")) {
            return true;
        }
        if (t.isWord(0, "CLUSTER")) {
            return t.size() == 1 || t.size() == 2 && t.isWord(1, "VERBOSE");
        }
        if (t.isWord(0, "REINDEX")) {
            return has(t, "CONCURRENTLY") || t.size() > 1
                    && (t.isWord(1, "SCHEMA") || t.isWord(1, "DATABASE") || t.isWord(1, "SYSTEM"));
        }
        boolean create = t.isWord(0, "CREATE");
        boolean drop = t.isWord(0, "DROP");
        boolean alter = t.isWord(0, "ALTER");
        if ((create || drop) && t.size() > 1 && (t.isWord(1, "DATABASE") || t.isWord(1, "TABLESPACE"))) {
            return true;
        }
        int index = create && t.size() > 1 && t.isWord(1, "UNIQUE") ? 2 : 1;
        if ((create || drop) && t.size() > index + 1 && t.isWord(index, "INDEX")
                && t.isWord(index + 1, "CONCURRENTLY")) {
            return true;
        }
        if (alter && t.size() > 1 && t.isWord(1, "SYSTEM")) {
            return true;
        }
        if (alter && t.size() > 1 && t.isWord(1, "DATABASE")) {
            return has(t, "TABLESPACE");
        }
        return alter && has(t, "DETACH") && has(t, "CONCURRENTLY");
    }

    /**
     * The relations an {@code ALTER TABLE} names besides its table, whose locks it takes too: the partition of
     * {@code ATTACH PARTITION} and {@code DETACH PARTITION}, the parent of {@code INHERIT} and {@code NO INHERIT}.
     */
    public static List<QualifiedName> otherRelations(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        if (t.size() == 0 || !t.isWord(0, "ALTER")) {
            return List.of();
        }
        List<QualifiedName> names = new ArrayList<>(1);
        for (int i = 1; i + 1 < t.size(); i++) {
            boolean partition = (t.isWord(i, "ATTACH") || t.isWord(i, "DETACH")) && t.isWord(i + 1, "PARTITION");
            if (partition || t.isWord(i, "INHERIT")) {
                int at = partition ? i + 2 : i + 1;
                QualifiedName name = PostgresLockForms.nameAt(t, at);
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static boolean has(Tokens t, String upperWord) {
        for (int i = 0; i < t.size(); i++) {
            if (t.isWord(i, upperWord)) {
                return true;
            }
        }
        return false;
    }
}
