package io.ddlguard.dialect.postgres;

import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.postgres.LockShape.Part;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A position in one statement's tokens, the primitives the lock-form readers share (words, symbols, names, balanced
 * skipping), and the shapes read so far. Throws {@link Unknown} where the text is not a form the list knows. Not
 * thread-safe: one per statement.
 */
final class FormCursor {
    final Tokens t;
    final int end;
    int p;
    private final Map<String, LockShape> shapes = new LinkedHashMap<>();

    FormCursor(Tokens t, int first, int end) {
        this.t = t;
        this.p = first;
        this.end = end;
    }

    List<LockShape> shapes() {
        return new ArrayList<>(shapes.values());
    }

    void lock(QualifiedName name, Part part, LockMode mode) {
        String key = name.toString();
        LockShape shape = new LockShape(name, Map.of(part, mode));
        shapes.merge(key, shape, LockShape::merge);
    }

    void lock(QualifiedName name, LockMode mode) {
        lock(name, Part.SELF, mode);
    }

    QualifiedName name() {
        return qualified(parts());
    }

    List<Identifier> parts() {
        List<Identifier> parts = new ArrayList<>(2);
        while (p < end && (t.kind(p) == Tokens.WORD || t.kind(p) == Tokens.QUOTED)) {
            parts.add(new Identifier(t.identifierValue(p), t.kind(p) == Tokens.QUOTED));
            p++;
            if (!atSymbol('.')) {
                break;
            }
            p++;
        }
        if (parts.isEmpty()) {
            throw new Unknown();
        }
        return parts;
    }

    static QualifiedName qualified(List<Identifier> parts) {
        int n = parts.size();
        if (n > 3) {
            throw new Unknown();
        }
        return new QualifiedName(n == 3 ? Optional.of(parts.get(0)) : Optional.empty(),
                n >= 2 ? Optional.of(parts.get(n - 2)) : Optional.empty(), parts.get(n - 1));
    }

    void skipToComma() {
        int depth = 0;
        while (p < end) {
            if (t.isSymbol(p, '(')) {
                depth++;
            } else if (t.isSymbol(p, ')')) {
                depth--;
            } else if (depth == 0 && t.isSymbol(p, ',')) {
                return;
            }
            p++;
        }
    }

    int closing(int open) {
        int depth = 0;
        for (int i = open; i < end; i++) {
            if (t.isSymbol(i, '(')) {
                depth++;
            } else if (t.isSymbol(i, ')') && --depth == 0) {
                return i;
            }
        }
        throw new Unknown();
    }

    void skipBalanced() {
        p = closing(p) + 1;
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
            throw new Unknown();
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
            throw new Unknown();
        }
    }

    void acceptIfExists() {
        if (at("IF") && t.isWord(p + 1, "EXISTS")) {
            p += 2;
        }
    }

    /** A part of the statement that is not in the list. */
    static final class Unknown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unknown() {
            super(null, null, false, false);
        }
    }
}
