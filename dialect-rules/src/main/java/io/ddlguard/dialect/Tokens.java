package io.ddlguard.dialect;

import java.util.Arrays;
import java.util.Locale;

/**
 * The tokens of a SQL text and the statements they form, as produced by {@link SqlLexer}. Comments and
 * whitespace are not tokens. Stored in parallel arrays so that lexing allocates a handful of objects
 * whatever the text's length. Immutable once built; safe to share between threads.
 */
public final class Tokens {

    /** A bare word: a keyword or an unquoted identifier. */
    public static final int WORD = 1;
    /** A quoted identifier ({@code "x"}, {@code `x`}, {@code [x]}). */
    public static final int QUOTED = 2;
    /** A string literal, including dollar-quoted, {@code E''}, {@code N''} and Oracle {@code q''} forms. */
    public static final int STRING = 3;
    /** A numeric literal. */
    public static final int NUMBER = 4;
    /** One punctuation or operator character other than {@code ;}. */
    public static final int SYMBOL = 5;
    /** A statement-ending {@code ;}. */
    public static final int SEMICOLON = 6;
    /** A batch separator line: SQL Server {@code GO}, Oracle {@code /}. */
    public static final int SEPARATOR = 7;
    /** A positional parameter such as PostgreSQL's {@code $1}. */
    public static final int PARAMETER = 8;

    private final String sql;
    private int count;
    private int[] kinds;
    private int[] starts;
    private int[] ends;
    private int statementCount;
    private int[] statementFirst;
    private int[] statementEnd;
    private int[] statementCharEnd;

    Tokens(String sql) {
        this.sql = sql;
        int capacity = Math.max(8, Math.min(sql.length() / 3 + 4, 1 << 16));
        kinds = new int[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
        statementFirst = new int[4];
        statementEnd = new int[4];
        statementCharEnd = new int[4];
    }

    void add(int kind, int start, int end) {
        if (count == kinds.length) {
            int n = count * 2;
            kinds = Arrays.copyOf(kinds, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }
        kinds[count] = kind;
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    void addStatement(int firstToken, int endToken, int charEnd) {
        if (statementCount == statementFirst.length) {
            int n = statementCount * 2;
            statementFirst = Arrays.copyOf(statementFirst, n);
            statementEnd = Arrays.copyOf(statementEnd, n);
            statementCharEnd = Arrays.copyOf(statementCharEnd, n);
        }
        statementFirst[statementCount] = firstToken;
        statementEnd[statementCount] = endToken;
        statementCharEnd[statementCount] = charEnd;
        statementCount++;
    }

    void extendLastStatement(int charEnd) {
        statementCharEnd[statementCount - 1] = charEnd;
    }

    /** The text these tokens were read from. */
    public String sql() {
        return sql;
    }

    /** How many tokens there are. */
    public int size() {
        return count;
    }

    /** The kind of token {@code i}: {@link #WORD}, {@link #QUOTED}, ... */
    public int kind(int i) {
        return kinds[i];
    }

    /** Where token {@code i} starts in {@link #sql()}. */
    public int start(int i) {
        return starts[i];
    }

    /** Where token {@code i} ends (exclusive) in {@link #sql()}. */
    public int end(int i) {
        return ends[i];
    }

    /** The text of token {@code i} as written. */
    public String text(int i) {
        return sql.substring(starts[i], ends[i]);
    }

    /** Whether token {@code i} is the bare word {@code upperCaseWord}, in any case. */
    public boolean isWord(int i, String upperCaseWord) {
        if (i < 0 || i >= count || kinds[i] != WORD) {
            return false;
        }
        int len = ends[i] - starts[i];
        return len == upperCaseWord.length() && sql.regionMatches(true, starts[i], upperCaseWord, 0, len);
    }

    /** Whether token {@code i} is the punctuation character {@code c}. */
    public boolean isSymbol(int i, char c) {
        return i >= 0 && i < count && (kinds[i] == SYMBOL || kinds[i] == SEMICOLON) && sql.charAt(starts[i]) == c;
    }

    /** The word of token {@code i} in upper case, or "" when it is not a bare word. */
    public String upperWord(int i) {
        return i >= 0 && i < count && kinds[i] == WORD ? text(i).toUpperCase(Locale.ROOT) : "";
    }

    /**
     * The value of an identifier token without its quotes, doubled quote characters made single.
     * For a bare word, the word as written.
     */
    public String identifierValue(int i) {
        if (kinds[i] != QUOTED) {
            return text(i);
        }
        int s = starts[i];
        int e = ends[i];
        char open = sql.charAt(s);
        char close = open == '[' ? ']' : open;
        boolean terminated = e - s >= 2 && sql.charAt(e - 1) == close;
        String inner = sql.substring(s + 1, terminated ? e - 1 : e);
        String doubled = String.valueOf(close) + close;
        return inner.contains(doubled) ? inner.replace(doubled, String.valueOf(close)) : inner;
    }

    /** The value of a string token without its quotes (standard {@code ''} escapes resolved). */
    public String stringValue(int i) {
        String t = text(i);
        int q = t.indexOf('\'');
        if (q < 0 || kinds[i] != STRING) {
            return t;
        }
        int end = t.length() > q + 1 && t.endsWith("'") ? t.length() - 1 : t.length();
        return t.substring(q + 1, end).replace("''", "'");
    }

    /** How many statements the text holds, empty ones (a lone {@code ;}) included. */
    public int statementCount() {
        return statementCount;
    }

    /** The first token of statement {@code s}. */
    public int statementFirstToken(int s) {
        return statementFirst[s];
    }

    /** The token after statement {@code s}'s last one, its terminator excluded. */
    public int statementEndToken(int s) {
        return statementEnd[s];
    }

    /** Where statement {@code s}'s piece of text starts: where the previous one ended, or 0. */
    public int statementCharStart(int s) {
        return s == 0 ? 0 : statementCharEnd[s - 1];
    }

    /** Where statement {@code s}'s piece of text ends (exclusive), its terminator included. */
    public int statementCharEnd(int s) {
        return statementCharEnd[s];
    }

    /** The text of statement {@code s} from its first token to its last, terminator excluded; "" when empty. */
    public String statementText(int s) {
        int first = statementFirst[s];
        int end = statementEnd[s];
        return first >= end ? "" : sql.substring(starts[first], ends[end - 1]);
    }
}
