package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.Action;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.UnrecognizedDdl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits SQL text into statements and reads the DDL ones into elements. Never throws: a statement that
 * cannot be read becomes {@link UnrecognizedDdl}. Stateless and thread-safe.
 */
public final class StatementParser {

    private StatementParser() {
    }

    /** The DDL elements of every statement in {@code sql}. */
    public static List<DdlElement> parse(String sql, Dialect dialect) {
        return parse(sql, dialect, Integer.MAX_VALUE);
    }

    /**
     * The DDL elements of the first {@code statements} statements in {@code sql} (empty statements not
     * counted, non-DDL ones counted): what a driver that runs only part of a text will run.
     */
    public static List<DdlElement> parse(String sql, Dialect dialect, int statements) {
        if (sql == null || dialect == null) {
            return List.of();
        }
        return parse(sql, DialectRules.of(dialect), statements);
    }

    /** {@link #parse(String, Dialect, int)} lexed by {@code rules}, such as one of its session readings. */
    public static List<DdlElement> parse(String sql, DialectRules rules, int statements) {
        if (sql == null || rules == null) {
            return List.of();
        }
        if (!mayBeDdl(sql, rules)) {
            return List.of();
        }
        Tokens tokens;
        try {
            tokens = SqlLexer.tokenize(sql, rules);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.OTHER, List.of(), Optional.empty()));
        }
        List<DdlElement> out = new ArrayList<>(2);
        int seen = 0;
        for (int s = 0; s < tokens.statementCount() && seen < statements; s++) {
            int first = tokens.statementFirstToken(s);
            int end = tokens.statementEndToken(s);
            if (first >= end) {
                continue;
            }
            seen++;
            if (Keywords.ddlAction(tokens, first, rules) == null) {
                continue;
            }
            String text = tokens.statementText(s);
            int before = out.size();
            try {
                new DdlReader(tokens, first, end, text, rules, out).read();
            } catch (RuntimeException | StackOverflowError e) {
                while (out.size() > before) {
                    out.remove(out.size() - 1);
                }
                out.add(new UnrecognizedDdl(text, Keywords.ddlAction(tokens, first, rules), ObjectKind.OTHER,
                        List.of(), Optional.empty()));
            }
        }
        return out;
    }

    /** Whether {@code sql} may hold DDL; see {@link io.ddlguard.DdlParser#mayBeDdl}. */
    public static boolean mayBeDdl(String sql, Dialect dialect) {
        return sql != null && dialect != null && mayBeDdl(sql, DialectRules.of(dialect));
    }

    /**
     * The fast path every statement takes: skips whitespace and comments, looks at the first word, and
     * — when that is not a DDL keyword — at whether another statement could follow a {@code ;}.
     */
    public static boolean mayBeDdl(String sql, DialectRules rules) {
        int n = sql.length();
        if (n == 0) {
            return false;
        }
        char first = (char) (sql.charAt(0) | 0x20);
        // most statements start with their keyword: no whitespace or comment to skip
        boolean letter = first >= 'a' && first <= 'z';
        int i = letter ? 0 : SqlLexer.codeStart(sql, 0, rules);
        if (i >= n) {
            return false;
        }
        if (!letter && sql.startsWith("/*", i) || Keywords.startsWithDdlKeyword(sql, i, rules)) {
            return true; // an executable comment (MySQL's /*! ... */) may hold anything
        }
        int semicolon = sql.indexOf(';', i);
        if (semicolon >= 0 && semicolon < n - 1 && hasTextAfter(sql, semicolon + 1)) {
            return true;
        }
        return rules.separatorLines() && (sql.indexOf('\n', i) >= 0);
    }

    private static boolean hasTextAfter(String sql, int from) {
        for (int i = from; i < sql.length(); i++) {
            if (sql.charAt(i) > ' ') {
                return true;
            }
        }
        return false;
    }

}
