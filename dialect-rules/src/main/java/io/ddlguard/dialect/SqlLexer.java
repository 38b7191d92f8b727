package io.ddlguard.dialect;

/**
 * A dialect-aware SQL lexer: turns text into {@link Tokens} and finds where its statements end.
 * Never throws on any text: an unterminated string, quote or comment runs to the end of the text.
 * Runs in time linear in the text's length. Stateless and thread-safe.
 *
 * <p>Statements end at a {@code ;} outside strings, comments, quotes and dollar quotes, and — inside
 * {@code CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT} — outside {@code BEGIN ... END} blocks; at SQL Server's
 * {@code GO} lines and Oracle's {@code /} lines. SQL Server and Oracle routine bodies end only at those lines.
 */
public final class SqlLexer {

    private SqlLexer() {
    }

    /** The tokens and statements of {@code sql} under {@code rules}. */
    public static Tokens tokenize(String sql, DialectRules rules) {
        Tokens tokens = new Tokens(sql);
        new Scan(sql, rules, tokens).run();
        Splitter.split(tokens, rules);
        return tokens;
    }

    /**
     * Where the first token at or after {@code from} starts, whitespace and comments skipped exactly as
     * {@link #tokenize} skips them; an executable comment ({@code /*!}) counts as code and is where the scan
     * stops. The text's length when only whitespace and comments remain. Linear, allocation-free, never throws.
     */
    public static int codeStart(String sql, int from, DialectRules rules) {
        int n = sql.length();
        int i = from;
        while (i < n) {
            char c = sql.charAt(i);
            if (c <= ' ') {
                i++;
                continue;
            }
            if (c != '-' && c != '/' && c != '#') {
                // every statement's first character comes here: an ASCII one costs no lookup
                if (c < 0x80 || !isSpace(c)) {
                    return i;
                }
                i++;
                continue;
            }
            int line = lineCommentEnd(sql, i, rules);
            if (line >= 0) {
                i = line;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*' && !isExecutableComment(sql, i, rules)) {
                i = blockCommentEnd(sql, i, rules.nestedComments);
            } else {
                return i;
            }
        }
        return n;
    }

    /**
     * Whether {@code c} separates tokens. Control characters and every Unicode space do: some engines (H2) take
     * U+00A0 or U+2003 for a space, and a lexer that reads less as space than the engine could miss a keyword.
     */
    static boolean isSpace(char c) {
        // no ASCII character above ' ' is whitespace or a space character
        return c <= ' ' || c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    /**
     * The end (exclusive, before the line break) of the line comment starting at {@code i}, or -1 when none starts
     * there: {@code --} (MySQL: only before a space or control character), {@code #} (MySQL), {@code //} (H2).
     * A carriage return ends the comment where the engine says so (PostgreSQL, H2), so no statement hides behind one.
     */
    static int lineCommentEnd(String s, int i, DialectRules r) {
        int n = s.length();
        char c = s.charAt(i);
        char next = i + 1 < n ? s.charAt(i + 1) : '\0';
        boolean comment = (c == '-' && next == '-' && (!r.dashCommentNeedsSpace || i + 2 >= n || s.charAt(i + 2) <= ' '))
                || (c == '#' && r.hashComments)
                || (c == '/' && next == '/' && r.slashSlashComments);
        if (!comment) {
            return -1;
        }
        for (int j = i + 2; j < n; j++) {
            char d = s.charAt(j);
            if (d == '\n' || (d == '\r' && r.carriageReturnEndsLineComments)) {
                return j;
            }
        }
        return n;
    }

    /** Whether a MySQL executable comment ({@code /*!}, {@code /*M!}) opens at {@code i}. */
    static boolean isExecutableComment(String s, int i, DialectRules r) {
        int n = s.length();
        return r.executableComments && i + 2 < n
                && (s.charAt(i + 2) == '!' || (s.charAt(i + 2) == 'M' && i + 3 < n && s.charAt(i + 3) == '!'));
    }

    /**
     * The end (exclusive) of the block comment opening at {@code i}, nested ones counted when {@code nested};
     * the text's length when it is never closed.
     */
    public static int blockCommentEnd(String sql, int i, boolean nested) {
        int n = sql.length();
        int depth = 1;
        int j = i + 2;
        while (j < n) {
            char c = sql.charAt(j);
            if (c == '*' && j + 1 < n && sql.charAt(j + 1) == '/') {
                j += 2;
                if (--depth == 0 || !nested) {
                    return j;
                }
            } else if (nested && c == '/' && j + 1 < n && sql.charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else {
                j++;
            }
        }
        return n;
    }

    private static final class Scan {
        private final String s;
        private final int n;
        private final DialectRules r;
        private final Tokens out;
        private boolean lineStart = true;
        private boolean inExecutableComment;

        Scan(String s, DialectRules r, Tokens out) {
            this.s = s;
            this.n = s.length();
            this.r = r;
            this.out = out;
        }

        void run() {
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '\n') {
                    lineStart = true;
                    i++;
                    continue;
                }
                if (isSpace(c)) {
                    i++;
                    continue;
                }
                if (lineStart && (r.goSeparator || r.slashTerminator)) {
                    int sep = separatorLineEnd(i);
                    if (sep >= 0) {
                        out.add(Tokens.SEPARATOR, i, sep);
                        i = sep;
                        continue;
                    }
                }
                lineStart = false;
                i = token(i, c);
            }
        }

        private int token(int i, char c) {
            char next = i + 1 < n ? s.charAt(i + 1) : '\0';
            int lineComment = lineCommentEnd(s, i, r);
            if (lineComment >= 0) {
                return lineComment;
            }
            switch (c) {
                case '/':
                    if (next == '*') {
                        if (isExecutableComment(s, i, r)) {
                            return executableCommentStart(i);
                        }
                        return blockCommentEnd(i);
                    }
                    break;
                case '*':
                    if (next == '/' && inExecutableComment) {
                        inExecutableComment = false;
                        return i + 2;
                    }
                    break;
                case '\'':
                    return emit(Tokens.STRING, i, stringEnd(i + 1, r.backslashEscapes));
                case '"':
                    if (r.doubleQuotedStrings) {
                        return emit(Tokens.STRING, i, quotedEnd(i + 1, '"', r.backslashEscapes));
                    }
                    return emit(Tokens.QUOTED, i, quotedEnd(i + 1, '"', false));
                case '`':
                    if (r.opensQuotedIdentifier('`')) {
                        return emit(Tokens.QUOTED, i, quotedEnd(i + 1, '`', false));
                    }
                    break;
                case '[':
                    if (r.opensQuotedIdentifier('[')) {
                        return emit(Tokens.QUOTED, i, quotedEnd(i + 1, ']', false));
                    }
                    break;
                case '$':
                    if (r.dollarQuotes) {
                        int end = dollarQuoteEnd(i);
                        if (end > 0) {
                            return emit(Tokens.STRING, i, end);
                        }
                        if (next >= '0' && next <= '9') {
                            int j = i + 1;
                            while (j < n && Character.isDigit(s.charAt(j))) {
                                j++;
                            }
                            return emit(Tokens.PARAMETER, i, j);
                        }
                    }
                    break;
                case ';':
                    return emit(Tokens.SEMICOLON, i, i + 1);
                default:
                    break;
            }
            if (isWordStart(c)) {
                return word(i);
            }
            if ((c >= '0' && c <= '9') || (c == '.' && next >= '0' && next <= '9')) {
                return emit(Tokens.NUMBER, i, numberEnd(i));
            }
            return emit(Tokens.SYMBOL, i, i + 1);
        }

        private int emit(int kind, int start, int end) {
            out.add(kind, start, end);
            return end;
        }

        private boolean isWordStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (c > 0x7F && Character.isLetter(c))
                    || (r.goSeparator && (c == '@' || c == '#'));
        }

        private boolean isWordPart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '$' || (c > 0x7F && Character.isLetterOrDigit(c))
                    || (c == '#' && !r.hashComments) || (c == '@' && r.goSeparator);
        }

        private int word(int i) {
            int j = i + 1;
            while (j < n && isWordPart(s.charAt(j))) {
                j++;
            }
            if (j < n && s.charAt(j) == '\'') {
                int len = j - i;
                char c0 = Character.toUpperCase(s.charAt(i));
                if (len == 1 && (c0 == 'E' || c0 == 'N' || c0 == 'X' || c0 == 'B' || c0 == 'Q')) {
                    if (c0 == 'Q' && r.alternativeStrings) {
                        return emit(Tokens.STRING, i, alternativeStringEnd(j));
                    }
                    boolean escapes = r.backslashEscapes || (c0 == 'E' && r.escapeStrings);
                    return emit(Tokens.STRING, i, stringEnd(j + 1, escapes));
                }
                if (len == 2 && r.alternativeStrings && (s.charAt(i) == 'n' || s.charAt(i) == 'N')
                        && Character.toUpperCase(s.charAt(i + 1)) == 'Q') {
                    return emit(Tokens.STRING, i, alternativeStringEnd(j));
                }
            }
            return emit(Tokens.WORD, i, j);
        }

        private int numberEnd(int i) {
            int j = i;
            while (j < n) {
                char c = s.charAt(j);
                if ((c >= '0' && c <= '9') || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                    j++;
                } else if ((c == '+' || c == '-') && j > i && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')) {
                    j++;
                } else {
                    break;
                }
            }
            return j;
        }

        private int blockCommentEnd(int i) {
            return SqlLexer.blockCommentEnd(s, i, r.nestedComments);
        }

        private int executableCommentStart(int i) {
            int j = i + 2;
            if (s.charAt(j) == 'M') {
                j++;
            }
            j++;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
            }
            inExecutableComment = true;
            return j;
        }

        private int stringEnd(int j, boolean backslashEscapes) {
            while (j < n) {
                char c = s.charAt(j);
                if (c == '\\' && backslashEscapes) {
                    j += 2;
                } else if (c == '\'') {
                    if (j + 1 < n && s.charAt(j + 1) == '\'') {
                        j += 2;
                    } else {
                        return j + 1;
                    }
                } else {
                    j++;
                }
            }
            return n;
        }

        private int quotedEnd(int j, char close, boolean backslashEscapes) {
            while (j < n) {
                char c = s.charAt(j);
                if (c == '\\' && backslashEscapes) {
                    j += 2;
                } else if (c == close) {
                    if (j + 1 < n && s.charAt(j + 1) == close) {
                        j += 2;
                    } else {
                        return j + 1;
                    }
                } else {
                    j++;
                }
            }
            return n;
        }

        /** Oracle's q'Xtext X' with X any character, or a bracket closed by its partner. {@code j} is at the quote. */
        private int alternativeStringEnd(int j) {
            if (j + 1 >= n) {
                return n;
            }
            char open = s.charAt(j + 1);
            char close = switch (open) {
                case '[' -> ']';
                case '(' -> ')';
                case '{' -> '}';
                case '<' -> '>';
                default -> open;
            };
            for (int k = j + 2; k + 1 < n; k++) {
                if (s.charAt(k) == close && s.charAt(k + 1) == '\'') {
                    return k + 2;
                }
            }
            return n;
        }

        /** The end of a dollar-quoted string starting at {@code i}, or -1 when {@code i} starts none. */
        private int dollarQuoteEnd(int i) {
            int j = i + 1;
            if (j < n && s.charAt(j) != '$') {
                if (r.emptyDollarQuotesOnly) {
                    return -1;
                }
                char c = s.charAt(j);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c > 0x7F)) {
                    return -1;
                }
                while (j < n && s.charAt(j) != '$') {
                    char d = s.charAt(j);
                    if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') || d == '_' || d > 0x7F)) {
                        return -1;
                    }
                    j++;
                }
                if (j >= n) {
                    return -1;
                }
            }
            if (j >= n) {
                return -1;
            }
            String tag = s.substring(i, j + 1);
            int close = s.indexOf(tag, j + 1);
            return close < 0 ? n : close + tag.length();
        }

        /** The end of a separator line ({@code GO [n]} or {@code /}) starting at {@code i}, or -1. */
        private int separatorLineEnd(int i) {
            int j;
            if (r.goSeparator && i + 1 < n && (s.charAt(i) == 'G' || s.charAt(i) == 'g')
                    && (s.charAt(i + 1) == 'O' || s.charAt(i + 1) == 'o')) {
                j = i + 2;
                while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                    j++;
                }
                while (j < n && Character.isDigit(s.charAt(j))) {
                    j++;
                }
            } else if (r.slashTerminator && s.charAt(i) == '/' && (i + 1 >= n || s.charAt(i + 1) != '*')) {
                j = i + 1;
            } else {
                return -1;
            }
            int k = j;
            while (k < n && (s.charAt(k) == ' ' || s.charAt(k) == '\t' || s.charAt(k) == '\r')) {
                k++;
            }
            if (k < n && s.charAt(k) != '\n' && !(s.startsWith("--", k))) {
                return -1;
            }
            return j;
        }
    }
}
