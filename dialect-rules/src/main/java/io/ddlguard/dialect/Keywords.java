package io.ddlguard.dialect;

import io.ddlguard.element.Action;
import io.ddlguard.element.ObjectKind;

import java.util.Locale;

/**
 * The words that start DDL statements and name object kinds: how a statement is classified, beside the lexer whose
 * tokens it reads. Stateless and thread-safe.
 */
public final class Keywords {

    private Keywords() {
    }

    /**
     * Whether {@code sql} has a DDL-starting word at {@code i}, or the keyword of a statement that takes locks
     * ({@link DialectRules#lockingStatements()}); the allocation-free check of the fast path.
     */
    public static boolean startsWithDdlKeyword(String sql, int i, DialectRules rules) {
        switch (sql.charAt(i) | 0x20) {
            case 'c':
                return word(sql, i, "CREATE") || word(sql, i, "COMMENT") || rules.startsLockingStatement(sql, i);
            case 'd':
                return word(sql, i, "DROP") || rules.startsLockingStatement(sql, i);
            case 'a':
                return word(sql, i, "ALTER") || rules.startsLockingStatement(sql, i);
            case 't':
                return word(sql, i, "TRUNCATE");
            case 'r':
                return word(sql, i, "RENAME") || word(sql, i, "REFRESH") || word(sql, i, "REINDEX")
                        || word(sql, i, "REVOKE") || rules.startsLockingStatement(sql, i);
            case 'g':
                return word(sql, i, "GRANT");
            case 'e':
                return rules.renamesByProcedure() && (word(sql, i, "EXEC") || word(sql, i, "EXECUTE"));
            case 'l', 'o', 'v':
                return rules.startsLockingStatement(sql, i);
            default:
                return false;
        }
    }

    /**
     * Whether the statement starting at token {@code first} is one of {@link DialectRules#lockingStatements()}:
     * not DDL, but guarded like it.
     */
    public static boolean locking(Tokens t, int first, DialectRules rules) {
        return t.kind(first) == Tokens.WORD && rules.lockingStatements().contains(t.upperWord(first));
    }

    private static boolean word(String sql, int i, String upper) {
        int end = i + upper.length();
        if (end > sql.length() || !sql.regionMatches(true, i, upper, 0, upper.length())) {
            return false;
        }
        if (end == sql.length()) {
            return true;
        }
        char c = sql.charAt(end);
        return !(Character.isLetterOrDigit(c) || c == '_' || c == '$');
    }

    /** The action of a statement starting at token {@code first}, or null when it is not DDL. */
    public static Action ddlAction(Tokens t, int first, DialectRules rules) {
        if (t.kind(first) != Tokens.WORD) {
            return null;
        }
        switch (t.upperWord(first)) {
            case "CREATE":
                return Action.CREATE;
            case "DROP":
            case "TRUNCATE":
                return Action.DROP;
            case "ALTER":
            case "RENAME":
            case "COMMENT":
            case "GRANT":
            case "REVOKE":
            case "REFRESH":
            case "REINDEX":
                return Action.ALTER;
            case "EXEC":
            case "EXECUTE":
                return rules.renamesByProcedure() && isSpRename(t, first + 1) ? Action.ALTER : null;
            default:
                return null;
        }
    }

    private static boolean isSpRename(Tokens t, int i) {
        if (i >= t.size()) {
            return false;
        }
        String w = t.kind(i) == Tokens.WORD || t.kind(i) == Tokens.QUOTED ? t.identifierValue(i) : "";
        return w.equalsIgnoreCase("sp_rename") || w.toLowerCase(Locale.ROOT).endsWith(".sp_rename");
    }

    /** The object kind a word names, or null when it names none. */
    public static ObjectKind kind(String upperWord) {
        switch (upperWord) {
            case "TABLE": return ObjectKind.TABLE;
            case "VIEW": return ObjectKind.VIEW;
            case "INDEX": return ObjectKind.INDEX;
            case "SEQUENCE": return ObjectKind.SEQUENCE;
            case "SCHEMA": return ObjectKind.SCHEMA;
            case "DATABASE": return ObjectKind.DATABASE;
            case "CONSTRAINT": return ObjectKind.CONSTRAINT;
            case "COLUMN": return ObjectKind.COLUMN;
            case "TYPE": return ObjectKind.TYPE;
            case "DOMAIN": return ObjectKind.DOMAIN;
            case "FUNCTION":
            case "AGGREGATE":
            case "ALIAS":
                return ObjectKind.FUNCTION;
            case "PROCEDURE":
            case "PROC":
            case "ROUTINE":
                return ObjectKind.PROCEDURE;
            case "TRIGGER": return ObjectKind.TRIGGER;
            case "POLICY": return ObjectKind.POLICY;
            case "EXTENSION": return ObjectKind.EXTENSION;
            case "ROLE":
            case "USER":
            case "GROUP":
            case "LOGIN":
                return ObjectKind.ROLE;
            case "SYNONYM": return ObjectKind.SYNONYM;
            case "RULE": return ObjectKind.RULE;
            case "EVENT": return ObjectKind.EVENT;
            default: return null;
        }
    }
}
