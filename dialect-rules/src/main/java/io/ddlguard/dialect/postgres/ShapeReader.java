package io.ddlguard.dialect.postgres;

import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.dialect.postgres.LockShape.Part;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the lock-form readers share over a statement's {@link TokenCursor}: the shapes read so far, and names and
 * lists as the list reads them, where a text that is not a form it knows (a name of more than three parts, a list
 * without its closing parenthesis) throws {@link TokenCursor.Unreadable}. Not thread-safe: one per statement.
 */
final class ShapeReader {
    private final TokenCursor c;
    private final Map<String, LockShape> shapes = new LinkedHashMap<>();

    ShapeReader(TokenCursor c) {
        this.c = c;
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
        while (c.p < c.end && (c.t.kind(c.p) == Tokens.WORD || c.t.kind(c.p) == Tokens.QUOTED)) {
            parts.add(new Identifier(c.t.identifierValue(c.p), c.t.kind(c.p) == Tokens.QUOTED));
            c.p++;
            if (!c.atSymbol('.')) {
                break;
            }
            c.p++;
        }
        if (parts.isEmpty()) {
            throw new TokenCursor.Unreadable();
        }
        return parts;
    }

    static QualifiedName qualified(List<Identifier> parts) {
        int n = parts.size();
        if (n > 3) {
            throw new TokenCursor.Unreadable();
        }
        return new QualifiedName(n == 3 ? Optional.of(parts.get(0)) : Optional.empty(),
                n >= 2 ? Optional.of(parts.get(n - 2)) : Optional.empty(), parts.get(n - 1));
    }

    void skipToComma() {
        int depth = 0;
        while (c.p < c.end) {
            if (c.t.isSymbol(c.p, '(')) {
                depth++;
            } else if (c.t.isSymbol(c.p, ')')) {
                depth--;
            } else if (depth == 0 && c.t.isSymbol(c.p, ',')) {
                return;
            }
            c.p++;
        }
    }

    int closing(int open) {
        int depth = 0;
        for (int i = open; i < c.end; i++) {
            if (c.t.isSymbol(i, '(')) {
                depth++;
            } else if (c.t.isSymbol(i, ')') && --depth == 0) {
                return i;
            }
        }
        throw new TokenCursor.Unreadable();
    }

    void skipBalanced() {
        c.p = closing(c.p) + 1;
    }
}
