package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.Keywords;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.SqlSecrets;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.element.Action;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.UnrecognizedDdl;
import io.ddlguard.internal.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Splits SQL text into statements and reads the DDL ones into elements. Never throws: a statement that
 * cannot be read becomes {@link UnrecognizedDdl}, and so does one that makes a reader fail (a bug): the guard then
 * still bounds it, the failure is counted ({@link #readerFailures()}) and logged at DEBUG with the statement's
 * string literals masked. With the system property {@code ddlguard.parser.strict=true} (set by the build for the
 * parser's own tests) such a failure is rethrown instead, so that the property tests' "never throws" can fail.
 * Stateless and thread-safe.
 */
public final class StatementParser {

    private static final Log LOG = Log.of(StatementParser.class);
    /** Whether a reader's failure is rethrown rather than read as {@link UnrecognizedDdl}: for tests. */
    static final boolean STRICT = Boolean.getBoolean("ddlguard.parser.strict");
    private static final LongAdder READER_FAILURES = new LongAdder();

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
        return read(sql, rules, statements).elements();
    }

    /** Every statement the guard bounds in {@code sql}, DDL or not; see {@link ParsedText#guarded()}. */
    public static List<DdlElement> guarded(String sql, Dialect dialect) {
        return sql == null || dialect == null ? List.of() : read(sql, DialectRules.of(dialect), Integer.MAX_VALUE)
                .guarded();
    }

    /** What the first {@code statements} statements of {@code sql} hold for listeners and for the guard. */
    public static ParsedText read(String sql, DialectRules rules, int statements) {
        return read(sql, rules, statements, 0);
    }

    /** How many statements made a reader fail since the JVM started; each was read as {@link UnrecognizedDdl}. */
    public static long readerFailures() {
        return READER_FAILURES.sum();
    }

    /** @param depth how many DO bodies deep {@code sql} is */
    static ParsedText read(String sql, DialectRules rules, int statements, int depth) {
        if (sql == null || rules == null || !mayBeDdl(sql, rules)) {
            return ParsedText.NOTHING;
        }
        Tokens tokens;
        try {
            tokens = SqlLexer.tokenize(sql, rules);
        } catch (RuntimeException | StackOverflowError e) {
            DdlElement whole = failedRead(sql, Action.ALTER, rules, e, STRICT);
            return new ParsedText(List.of(whole), List.of(whole));
        }
        List<DdlElement> elements = new ArrayList<>(2);
        List<DdlElement> guarded = new ArrayList<>(2);
        int seen = 0;
        for (int s = 0; s < tokens.statementCount() && seen < statements; s++) {
            int first = tokens.statementFirstToken(s);
            int end = tokens.statementEndToken(s);
            if (first >= end) {
                continue;
            }
            seen++;
            Action action = Keywords.ddlAction(tokens, first, rules);
            boolean locking = action == null && Keywords.locking(tokens, first, rules);
            if (action == null && !locking) {
                continue;
            }
            String text = tokens.statementText(s);
            List<DdlElement> out = new ArrayList<>(2);
            try {
                TokenCursor cursor = new TokenCursor(tokens, first, end, text, rules);
                if (locking) {
                    new LockingStatementReader(cursor, out, depth).read();
                } else {
                    new DdlReader(cursor, out).read();
                }
            } catch (TokenCursor.Unreadable e) {
                out.clear();
                out.add(new UnrecognizedDdl(text, action == null ? Action.ALTER : action, ObjectKind.OTHER,
                        List.of(), Optional.empty()));
            } catch (RuntimeException | StackOverflowError e) {
                out.clear();
                out.add(failedRead(text, action == null ? Action.ALTER : action, rules, e, STRICT));
            }
            if (!locking) {
                elements.addAll(out);
            }
            guarded.addAll(out);
        }
        return new ParsedText(elements, guarded);
    }

    /**
     * What a statement that made the lexer or a reader fail becomes: {@link UnrecognizedDdl}, which the guard
     * bounds like any DDL. Counted and logged; rethrown in strict mode.
     */
    static UnrecognizedDdl failedRead(String text, Action action, DialectRules rules, Throwable failure,
                                      boolean strict) {
        if (strict) {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) failure;
        }
        READER_FAILURES.increment();
        String shown;
        try {
            shown = SqlSecrets.redact(text, rules);
        } catch (RuntimeException | StackOverflowError e) {
            shown = "(" + text.length() + " characters, not shown: they could not be lexed to mask secrets)";
        }
        LOG.debug("the parser failed on a {} statement, read as unrecognized DDL (still guarded): {}",
                rules.dialect(), shown, failure);
        return new UnrecognizedDdl(text, action, ObjectKind.OTHER, List.of(), Optional.empty());
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
