package io.ddlguard.dialect.internal;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A position in one statement's tokens and the primitives every statement reader uses on it: keywords, names,
 * lists, balanced skipping. The readers of a statement share one cursor and move it as they read: core's DDL
 * parser, and the PostgreSQL lock-form list. Throws {@link Unreadable} where the text does not have the expected
 * shape. Not thread-safe: one per statement. Internal: exported to ddlguard-core only.
 */
public final class TokenCursor {

    public final Tokens t;
    /** The token after the statement's last one. */
    public final int end;
    /** The statement's text: what each of its elements carries. */
    public final String sql;
    /** The rules the tokens were lexed by: what the readers ask about the engine's grammar. */
    public final DialectRules rules;
    /** Where the statement's text starts in the tokenized text. */
    private final int base;
    /** The token the readers are at. */
    public int p;

    public TokenCursor(Tokens tokens, int first, int end, String sql, DialectRules rules) {
        this.t = tokens;
        this.p = first;
        this.end = end;
        this.sql = sql;
        this.rules = rules;
        this.base = first < tokens.size() ? tokens.start(first) : 0;
    }

    /** Whether a token of the statement is left. */
    public boolean hasMore() {
        return p < end;
    }

    /** Where token {@code token} starts in the statement's text. */
    public int offset(int token) {
        return t.start(token) - base;
    }

    /** Where the token before {@code tokenAfter} ends in the statement's text. */
    public int endOffset(int tokenAfter) {
        return t.end(Math.min(tokenAfter, end) - 1) - base;
    }

    public boolean restHasCascade() {
        for (int i = p; i < end; i++) {
            if (t.isWord(i, "CASCADE")) {
                return true;
            }
        }
        return false;
    }

    public QualifiedName qualifiedName() {
        return toQualifiedName(nameParts());
    }

    public List<Identifier> nameParts() {
        List<Identifier> parts = new ArrayList<>(2);
        parts.add(identifier());
        while (atSymbol('.') && p + 1 < end) {
            p++;
            if (atSymbol('*')) {
                break;
            }
            parts.add(identifier());
        }
        return parts;
    }

    public static QualifiedName toQualifiedName(List<Identifier> parts) {
        int n = parts.size();
        Identifier name = parts.get(n - 1);
        Optional<Identifier> schema = n >= 2 ? Optional.of(parts.get(n - 2)) : Optional.empty();
        Optional<Identifier> catalog = n >= 3 ? Optional.of(parts.get(n - 3)) : Optional.empty();
        return new QualifiedName(catalog, schema, name);
    }

    /** Names separated by commas, each possibly followed by an argument list ({@code DROP FUNCTION f(int)}). */
    public List<QualifiedName> nameList() {
        List<QualifiedName> names = new ArrayList<>(1);
        do {
            names.add(qualifiedName());
            acceptSymbol('*');
            if (atSymbol('(')) {
                skipBalanced();
            }
        } while (acceptSymbol(','));
        return names;
    }

    public Identifier identifier() {
        if (!atName()) {
            throw new Unreadable();
        }
        Identifier id = new Identifier(t.identifierValue(p), t.kind(p) == Tokens.QUOTED);
        p++;
        return id;
    }

    public boolean atName() {
        return p < end && (t.kind(p) == Tokens.WORD || t.kind(p) == Tokens.QUOTED);
    }

    /** Whether the statement has a bare word (a keyword or an unquoted name) at the position. */
    public boolean atWord() {
        return p < end && t.kind(p) == Tokens.WORD;
    }

    /**
     * The bare word at the position in upper case, or "" where there is none. Unlike {@link #at(String)} it does not
     * stop at the statement's end, as the readers' dispatch never has: there the terminator reads as "", but a reader
     * that stepped past the terminator reads the next statement's first word.
     */
    public String word() {
        return t.upperWord(p);
    }

    /** {@code (a, b DESC, c(10))}: the leading identifier of each item; empty when not at {@code (}. */
    public List<Identifier> identifierList() {
        if (!atSymbol('(')) {
            return List.of();
        }
        List<Identifier> ids = new ArrayList<>(2);
        eachInParentheses(() -> {
            if (atName()) {
                ids.add(identifier());
            }
        });
        return ids;
    }

    /** {@code (lower(a), b DESC)}: each item's text. */
    public List<String> expressionList() {
        List<String> items = new ArrayList<>(2);
        eachInParentheses(() -> {
            int s = p;
            skipToListEnd();
            if (p > s) {
                items.add(text(s, p));
            }
        });
        return items;
    }

    /**
     * At {@code (}: reads each comma-separated item with {@code item}, skipping whatever it leaves of the item,
     * and moves past the closing {@code )}.
     */
    public void eachInParentheses(Runnable item) {
        expectSymbol('(');
        while (p < end && !atSymbol(')')) {
            item.run();
            skipToListEnd();
            if (!acceptSymbol(',')) {
                break;
            }
        }
        acceptSymbol(')');
    }

    /** Advances to the next {@code ,} or {@code )} at this nesting level (or the end). */
    public void skipToListEnd() {
        while (p < end && !atListEnd()) {
            skipTerm();
        }
    }

    public boolean atListEnd() {
        return atSymbol(',') || atSymbol(')');
    }

    /** Moves past one token, or past the whole parenthesized group that it opens. */
    public void skipTerm() {
        if (atSymbol('(')) {
            skipBalanced();
        } else {
            p++;
        }
    }

    /** At {@code (}: advances past its matching {@code )}, or to the end when there is none. */
    public void skipBalanced() {
        if (!atSymbol('(')) {
            return;
        }
        int depth = 0;
        while (p < end) {
            if (atSymbol('(')) {
                depth++;
            } else if (atSymbol(')') && --depth == 0) {
                p++;
                return;
            }
            p++;
        }
    }

    /**
     * The first token from the position up to {@code to} (exclusive) for which {@code found} holds and which is
     * outside the parentheses opened from the position on; {@code to} when there is none. The token itself counts:
     * a {@code (} is inside the group it opens, a {@code )} outside the one it closes. Does not move the cursor.
     */
    public int findOutsideParentheses(int to, IntPredicate found) {
        int depth = 0;
        for (int i = p; i < to; i++) {
            depth += depthChange(i);
            if (depth == 0 && found.test(i)) {
                return i;
            }
        }
        return to;
    }

    /**
     * Whether the action at the position (up to a {@code ,} outside parentheses or the {@code )} that closes its
     * list) has {@code word}, followed by {@code next} unless that is null, outside parentheses.
     */
    public boolean actionHas(String word, String next) {
        int depth = 0;
        for (int i = p; i < end; i++) {
            depth += depthChange(i);
            if (depth < 0 || (depth == 0 && t.isSymbol(i, ','))) {
                return false;
            }
            if (depth == 0 && t.isWord(i, word) && (next == null || t.isWord(i + 1, next))) {
                return true;
            }
        }
        return false;
    }

    /** How token {@code i} changes the depth of parentheses: 1 for {@code (}, -1 for {@code )}, else 0. */
    private int depthChange(int i) {
        if (t.isSymbol(i, '(')) {
            return 1;
        }
        return t.isSymbol(i, ')') ? -1 : 0;
    }

    public String text(int fromToken, int toToken) {
        int last = Math.min(toToken, end);
        if (last <= fromToken) {
            return ""; // a reader may step past the statement's end: DEFAULT as its last word
        }
        return t.sql().substring(t.start(fromToken), t.end(last - 1));
    }

    public boolean at(String word) {
        return p < end && t.isWord(p, word);
    }

    /** Whether the statement has {@code word} at the position and {@code next} right after it. */
    public boolean at(String word, String next) {
        return at(word) && t.isWord(p + 1, next);
    }

    public boolean at(String word, String next, String third) {
        return at(word, next) && t.isWord(p + 2, third);
    }

    /** Whether the token after the position is the bare word {@code word}. */
    public boolean nextIs(String word) {
        return t.isWord(p + 1, word);
    }

    /** Whether the token after the position is the punctuation character {@code symbol}. */
    public boolean nextIs(char symbol) {
        return t.isSymbol(p + 1, symbol);
    }

    /**
     * Whether the statement has one of {@code words} (upper case) at the position. Each is matched as
     * {@link #at(String)} matches it, not looked up as the upper-cased word: the two fold a few characters
     * differently (the Kelvin sign, {@code ß}), and a word must read the same in a set as in a single test.
     */
    public boolean atAny(Set<String> words) {
        return p < end && isAny(p, words);
    }

    /** Whether token {@code token} is one of {@code words} (upper case), each matched as {@link #atAny} does. */
    public boolean isAny(int token, Set<String> words) {
        for (String word : words) {
            if (t.isWord(token, word)) {
                return true;
            }
        }
        return false;
    }

    public boolean accept(String word) {
        if (at(word)) {
            p++;
            return true;
        }
        return false;
    }

    /** Moves past {@code word next} when the statement has both at the position. */
    public boolean accept(String word, String next) {
        if (at(word, next)) {
            p += 2;
            return true;
        }
        return false;
    }

    public boolean accept(String word, String next, String third) {
        if (at(word, next, third)) {
            p += 3;
            return true;
        }
        return false;
    }

    public void expect(String word) {
        if (!accept(word)) {
            throw new Unreadable();
        }
    }

    public boolean atSymbol(char c) {
        return p < end && t.isSymbol(p, c);
    }

    public boolean acceptSymbol(char c) {
        if (atSymbol(c)) {
            p++;
            return true;
        }
        return false;
    }

    public void expectSymbol(char c) {
        if (!acceptSymbol(c)) {
            throw new Unreadable();
        }
    }

    public boolean acceptIfExists() {
        return accept("IF", "EXISTS");
    }

    public boolean acceptIfNotExists() {
        return accept("IF", "NOT", "EXISTS");
    }

    /** The text does not have the shape this reader expected. Cheap: no stack trace. */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unreadable() {
            super(null, null, false, false);
        }
    }
}
