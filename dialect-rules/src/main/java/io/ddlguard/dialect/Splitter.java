package io.ddlguard.dialect;

/** Finds statement boundaries in a token stream; see {@link SqlLexer} for the rules. */
final class Splitter {

    /** {@code ;} ends the statement. */
    private static final int PLAIN = 0;
    /** {@code ;} ends the statement only outside BEGIN/CASE ... END blocks and parentheses. */
    private static final int BLOCKS = 1;
    /** Only a separator line ({@code GO}, {@code /}) ends the statement. */
    private static final int SEPARATOR_ONLY = 2;

    private static final int ROUTINE_LOOKAHEAD = 16;

    private Splitter() {
    }

    static void split(Tokens t, DialectRules rules) {
        int size = t.size();
        int length = t.sql().length();
        int first = 0;
        while (first < size) {
            int mode = mode(t, first, rules);
            int depth = 0;
            int parens = 0;
            int end = -1;
            for (int i = first; i < size; i++) {
                int kind = t.kind(i);
                if (kind == Tokens.SEPARATOR) {
                    end = i;
                    break;
                }
                if (mode == SEPARATOR_ONLY) {
                    continue;
                }
                if (kind == Tokens.SEMICOLON && (mode == PLAIN || (depth == 0 && parens == 0))) {
                    end = i;
                    break;
                }
                if (mode == BLOCKS) {
                    if (kind == Tokens.SYMBOL) {
                        char c = t.sql().charAt(t.start(i));
                        if (c == '(') {
                            parens++;
                        } else if (c == ')' && parens > 0) {
                            parens--;
                        }
                    } else if (kind == Tokens.WORD) {
                        if (t.isWord(i, "CASE") || (t.isWord(i, "BEGIN") && opensBlock(t, i, rules))) {
                            depth++;
                        } else if (t.isWord(i, "END")) {
                            if (closesUncountedBlock(t, i + 1)) {
                                i++;
                            } else if (depth > 0) {
                                depth--;
                                if (t.isWord(i + 1, "CASE")) {
                                    i++;
                                }
                            }
                        }
                    }
                }
            }
            if (end < 0) {
                t.addStatement(first, size, length);
                return;
            }
            t.addStatement(first, end, t.end(end));
            first = end + 1;
        }
        if (t.statementCount() == 0) {
            if (length > 0) {
                t.addStatement(0, 0, length);
            }
        } else if (t.statementCharEnd(t.statementCount() - 1) < length) {
            t.extendLastStatement(length);
        }
    }

    /**
     * Whether the word {@code BEGIN} at {@code i} opens a block rather than being a name: in PostgreSQL only
     * {@code BEGIN ATOMIC} does (procedural bodies are dollar-quoted strings); elsewhere a {@code BEGIN} that
     * follows a routine keyword, {@code ON}, {@code END} or a dot, or precedes {@code (}, {@code :} or a dot,
     * is a name. Counting a name would make {@code ;} stop ending statements, and a DDL statement after
     * {@code CREATE FUNCTION begin() ...;} would be read as part of it.
     */
    private static boolean opensBlock(Tokens t, int i, DialectRules rules) {
        if (rules.dialect().is("postgresql")) {
            return t.isWord(i + 1, "ATOMIC");
        }
        return !(t.isSymbol(i + 1, '(') || t.isSymbol(i + 1, ':') || t.isSymbol(i + 1, '.') || t.isSymbol(i - 1, '.')
                || t.isWord(i - 1, "PROCEDURE") || t.isWord(i - 1, "PROC") || t.isWord(i - 1, "FUNCTION")
                || t.isWord(i - 1, "TRIGGER") || t.isWord(i - 1, "EVENT") || t.isWord(i - 1, "ON")
                || t.isWord(i - 1, "END"));
    }

    /** {@code END IF}, {@code END LOOP}, ... close blocks whose openers are not counted. */
    private static boolean closesUncountedBlock(Tokens t, int next) {
        return t.isWord(next, "IF") || t.isWord(next, "LOOP") || t.isWord(next, "WHILE") || t.isWord(next, "REPEAT")
                || t.isWord(next, "FOR");
    }

    private static int mode(Tokens t, int first, DialectRules rules) {
        boolean separatorBodies = rules.goSeparator || rules.slashTerminator;
        if (rules.slashTerminator && (t.isWord(first, "DECLARE") || t.isWord(first, "BEGIN"))) {
            return SEPARATOR_ONLY;
        }
        if (!t.isWord(first, "CREATE")) {
            return PLAIN;
        }
        int limit = Math.min(t.size(), first + ROUTINE_LOOKAHEAD);
        for (int i = first + 1; i < limit; i++) {
            if (t.kind(i) == Tokens.SEMICOLON || t.isSymbol(i, '(')) {
                return PLAIN;
            }
            if (t.isWord(i, "PROCEDURE") || t.isWord(i, "PROC") || t.isWord(i, "FUNCTION")
                    || t.isWord(i, "TRIGGER") || t.isWord(i, "EVENT") || t.isWord(i, "PACKAGE")) {
                return separatorBodies ? SEPARATOR_ONLY : BLOCKS;
            }
            if (t.isWord(i, "RULE")) {
                return BLOCKS;
            }
            if (t.isWord(i, "TABLE") || t.isWord(i, "VIEW") || t.isWord(i, "INDEX") || t.isWord(i, "SEQUENCE")
                    || t.isWord(i, "SCHEMA") || t.isWord(i, "DATABASE")) {
                return PLAIN;
            }
        }
        return PLAIN;
    }
}
