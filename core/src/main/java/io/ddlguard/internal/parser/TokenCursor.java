package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A position in one statement's tokens and the primitives the statement readers share: keywords, names,
 * lists, balanced skipping. Throws {@link Unreadable} where the text does not have the expected shape. Not
 * thread-safe: one per statement.
 */
abstract class TokenCursor {

    final Tokens t;
    final int end;
    final String sql;
    final DialectRules rules;
    final boolean mysql;
    final List<DdlElement> out;
    /** Where the statement's text ({@link #sql}) starts in the tokenized text. */
    final int base;
    int p;

    TokenCursor(Tokens tokens, int first, int end, String sql, DialectRules rules, List<DdlElement> out) {
        this.t = tokens;
        this.p = first;
        this.end = end;
        this.sql = sql;
        this.rules = rules;
        this.mysql = rules.dialect().is("mysql");
        this.out = out;
        this.base = first < tokens.size() ? tokens.start(first) : 0;
    }

    /** Where token {@code token} starts in the statement's text. */
    int offset(int token) {
        return t.start(token) - base;
    }

    /** Where the token before {@code tokenAfter} ends in the statement's text. */
    int endOffset(int tokenAfter) {
        return t.end(Math.min(tokenAfter, end) - 1) - base;
    }

    boolean restHasCascade() {
        for (int i = p; i < end; i++) {
            if (t.isWord(i, "CASCADE")) {
                return true;
            }
        }
        return false;
    }



    QualifiedName qualifiedName() {
        return toQualifiedName(nameParts());
    }

    List<Identifier> nameParts() {
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

    static QualifiedName toQualifiedName(List<Identifier> parts) {
        int n = parts.size();
        Identifier name = parts.get(n - 1);
        Optional<Identifier> schema = n >= 2 ? Optional.of(parts.get(n - 2)) : Optional.empty();
        Optional<Identifier> catalog = n >= 3 ? Optional.of(parts.get(n - 3)) : Optional.empty();
        return new QualifiedName(catalog, schema, name);
    }

    /** Names separated by commas, each possibly followed by an argument list ({@code DROP FUNCTION f(int)}). */
    List<QualifiedName> nameList() {
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

    Identifier identifier() {
        if (!atName()) {
            throw new Unreadable();
        }
        Identifier id = new Identifier(t.identifierValue(p), t.kind(p) == Tokens.QUOTED);
        p++;
        return id;
    }

    boolean atName() {
        return p < end && (t.kind(p) == Tokens.WORD || t.kind(p) == Tokens.QUOTED);
    }

    /** {@code (a, b DESC, c(10))}: the leading identifier of each item; empty when not at {@code (}. */
    List<Identifier> identifierList() {
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
    List<String> expressionList() {
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
    void eachInParentheses(Runnable item) {
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
    void skipToListEnd() {
        while (p < end && !atListEnd()) {
            if (atSymbol('(')) {
                skipBalanced();
            } else {
                p++;
            }
        }
    }

    boolean atListEnd() {
        return atSymbol(',') || atSymbol(')');
    }

    /** At {@code (}: advances past its matching {@code )}, or to the end when there is none. */
    void skipBalanced() {
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

    boolean actionHas(String word, String next) {
        int depth = 0;
        for (int i = p; i < end; i++) {
            if (t.isSymbol(i, '(')) {
                depth++;
            } else if (t.isSymbol(i, ')')) {
                if (--depth < 0) {
                    return false;
                }
            } else if (depth == 0 && t.isSymbol(i, ',')) {
                return false;
            } else if (depth == 0 && t.isWord(i, word) && (next == null || t.isWord(i + 1, next))) {
                return true;
            }
        }
        return false;
    }

    String text(int fromToken, int toToken) {
        int last = Math.min(toToken, end);
        if (last <= fromToken) {
            return ""; // a reader may step past the statement's end: DEFAULT as its last word
        }
        return t.sql().substring(t.start(fromToken), t.end(last - 1));
    }

    boolean at(String word) {
        return p < end && t.isWord(p, word);
    }

    boolean accept(String word) {
        if (at(word)) {
            p++;
            return true;
        }
        return false;
    }

    void expect(String word) {
        if (!accept(word)) {
            throw new Unreadable();
        }
    }

    boolean atSymbol(char c) {
        return p < end && t.isSymbol(p, c);
    }

    boolean acceptSymbol(char c) {
        if (atSymbol(c)) {
            p++;
            return true;
        }
        return false;
    }

    void expectSymbol(char c) {
        if (!acceptSymbol(c)) {
            throw new Unreadable();
        }
    }

    boolean acceptIfExists() {
        if (at("IF") && t.isWord(p + 1, "EXISTS")) {
            p += 2;
            return true;
        }
        return false;
    }

    boolean acceptIfNotExists() {
        if (at("IF") && t.isWord(p + 1, "NOT") && t.isWord(p + 2, "EXISTS")) {
            p += 3;
            return true;
        }
        return false;
    }

    /** The text does not have the shape this reader expected. Cheap: no stack trace. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable() {
            super(null, null, false, false);
        }
    }
}
