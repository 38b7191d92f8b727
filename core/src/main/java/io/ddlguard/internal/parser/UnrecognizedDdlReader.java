package io.ddlguard.internal.parser;

import io.ddlguard.dialect.Keywords;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.element.Action;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.UnrecognizedDdl;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the DDL the element model has no form for into {@link UnrecognizedDdl}, its object kind, names and table as
 * far as they can be read: {@code COMMENT ON}, {@code GRANT} and {@code REVOKE}, {@code REFRESH} and
 * {@code REINDEX}, and whatever form of another statement the other readers hand over. Not thread-safe: one per
 * statement.
 */
final class UnrecognizedDdlReader {

    /** The words that end a {@code GRANT}'s or {@code REVOKE}'s privileges. */
    private static final Set<String> PRIVILEGES_END = Set.of("ON", "TO", "FROM");
    /** The kinds of object that belong to a table, named after {@code ON} ({@code CREATE TRIGGER x ... ON t}). */
    private static final Set<ObjectKind> KINDS_ON_TABLES = Set.of(ObjectKind.TRIGGER, ObjectKind.POLICY,
            ObjectKind.RULE, ObjectKind.INDEX);
    /** The words after {@code ON} that start no table's name: a trigger's events, {@code ON COMMIT}, ... */
    private static final Set<String> NOT_TABLES_AFTER_ON = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "EACH",
            "COMMIT", "SCHEDULE");
    /** The words that may follow {@code TEXT}, {@code ACCESS}, {@code OPERATOR} or {@code PACKAGE} in a kind. */
    private static final Set<String> KIND_QUALIFIERS = Set.of("SEARCH", "CONFIGURATION", "DICTIONARY", "PARSER",
            "TEMPLATE", "METHOD", "CLASS", "FAMILY", "BODY");
    /** The words that name a kind of object the model has no constant for: read as {@link ObjectKind#OTHER}. */
    private static final Set<String> OTHER_KINDS = Set.of("COLLATION", "CONVERSION", "LANGUAGE", "PUBLICATION",
            "SUBSCRIPTION", "SERVER", "TABLESPACE", "STATISTICS", "CAST", "TRANSFORM", "SESSION", "SYSTEM", "DEFAULT",
            "LOGFILE", "INSTANCE", "CONSTANT", "LINKED", "RESOURCE", "EXTERNAL", "LIBRARY", "CONTEXT", "DIRECTORY",
            "PROFILE", "MASK", "PERMISSION");

    private final TokenCursor c;
    private final List<DdlElement> out;

    UnrecognizedDdlReader(TokenCursor cursor, List<DdlElement> out) {
        this.c = cursor;
        this.out = out;
    }

    /**
     * A statement whose form is not in the model, read from the word after its action's keywords: its kind, its
     * names and, for an object that belongs to a table, the table.
     */
    void read(Action action) {
        ObjectKind kind = objectKind();
        c.acceptIfExists();
        c.acceptIfNotExists();
        List<QualifiedName> names = List.of();
        if (c.atName() && kind != ObjectKind.OTHER) {
            names = action == Action.DROP ? c.nameList() : List.of(c.qualifiedName());
        }
        QualifiedName table = KINDS_ON_TABLES.contains(kind) ? tableAfterOn(kind) : null;
        out.add(new UnrecognizedDdl(c.sql, action, kind, names, Optional.ofNullable(table)));
    }

    /** The table named after the first {@code ON} (or a rule's {@code TO}) outside parentheses, or null. */
    private QualifiedName tableAfterOn(ObjectKind kind) {
        int on = c.findOutsideParentheses(c.end, i -> precedesTable(i, kind));
        if (on == c.end) {
            return null;
        }
        c.p = on + 1;
        return c.qualifiedName();
    }

    /** Whether token {@code i} is an {@code ON} (or a rule's {@code TO}) that the name of a table follows. */
    private boolean precedesTable(int i, ObjectKind kind) {
        Tokens t = c.t;
        return (t.isWord(i, "ON") || (kind == ObjectKind.RULE && t.isWord(i, "TO"))) && i + 1 < c.end
                && (t.kind(i + 1) == Tokens.WORD || t.kind(i + 1) == Tokens.QUOTED)
                && !c.isAny(i + 1, NOT_TABLES_AFTER_ON);
    }

    /** {@code COMMENT ON kind name [ON table] IS '...'}, or {@code COMMENT ON COLUMN table.column IS '...'}. */
    void comment() {
        c.p++;
        c.expect("ON");
        int kindStart = c.p;
        ObjectKind kind = objectKind();
        if (kind == ObjectKind.COLUMN) {
            List<Identifier> parts = c.nameParts();
            Identifier column = parts.remove(parts.size() - 1);
            QualifiedName table = parts.isEmpty() ? null : TokenCursor.toQualifiedName(parts);
            out.add(new UnrecognizedDdl(c.sql, Action.ALTER, ObjectKind.COLUMN, List.of(QualifiedName.of(column)),
                    Optional.ofNullable(table)));
            return;
        }
        if (c.p == kindStart) {
            throw new TokenCursor.Unreadable();
        }
        QualifiedName name = c.atName() ? c.qualifiedName() : null;
        QualifiedName table = c.accept("ON") && c.atName() ? c.qualifiedName() : null;
        out.add(new UnrecognizedDdl(c.sql, Action.ALTER, kind, name == null ? List.of() : List.of(name),
                Optional.ofNullable(table)));
    }

    /** {@code GRANT | REVOKE privileges [ON [kind] names | ON ALL kind IN SCHEMA s] TO | FROM ...}. */
    void grant() {
        c.p++;
        c.p = c.findOutsideParentheses(c.end, i -> c.isAny(i, PRIVILEGES_END));
        if (!c.accept("ON")) {
            out.add(new UnrecognizedDdl(c.sql, Action.ALTER, ObjectKind.ROLE, List.of(), Optional.empty()));
            return;
        }
        if (c.at("ALL")) {
            int s = c.p;
            c.p++;
            ObjectKind kind = objectKind();
            if (c.accept("IN") && c.accept("SCHEMA")) {
                out.add(new UnrecognizedDdl(c.sql, Action.ALTER, kind == ObjectKind.OTHER ? ObjectKind.TABLE : kind,
                        List.of(), Optional.empty()));
                return;
            }
            c.p = s;
        }
        int before = c.p;
        ObjectKind kind = objectKind();
        if (c.p == before) {
            kind = ObjectKind.TABLE;
        }
        List<QualifiedName> names = c.atName() ? c.nameList() : List.of();
        out.add(new UnrecognizedDdl(c.sql, Action.ALTER, kind, names, Optional.empty()));
    }

    /** {@code REFRESH MATERIALIZED VIEW v}, {@code REINDEX [(options)] kind [CONCURRENTLY] name}. */
    void maintenance() {
        boolean refresh = c.at("REFRESH");
        c.p++;
        if (c.atSymbol('(')) {
            c.skipBalanced();
        }
        ObjectKind kind = objectKind();
        c.accept("CONCURRENTLY");
        List<QualifiedName> names = c.atName() ? List.of(c.qualifiedName()) : List.of();
        if (!refresh && kind == ObjectKind.TABLE && names.size() == 1) {
            // REINDEX TABLE t alters t's indexes, as PostgreSQL's event triggers report it
            out.add(new UnrecognizedDdl(c.sql, Action.ALTER, ObjectKind.INDEX, List.of(), Optional.of(names.get(0))));
            return;
        }
        out.add(new UnrecognizedDdl(c.sql, Action.ALTER, refresh ? ObjectKind.MATERIALIZED_VIEW : kind, names,
                Optional.empty()));
    }

    /** Reads the words naming an object kind ({@code MATERIALIZED VIEW}, {@code EVENT TRIGGER}, ...). */
    private ObjectKind objectKind() {
        String w = c.word();
        switch (w) {
            case "MATERIALIZED" -> {
                c.p++;
                c.accept("VIEW");
                return ObjectKind.MATERIALIZED_VIEW;
            }
            case "EVENT" -> {
                c.p++;
                return c.accept("TRIGGER") ? ObjectKind.TRIGGER : ObjectKind.EVENT;
            }
            case "FOREIGN" -> {
                c.p++;
                if (c.accept("TABLE")) {
                    return ObjectKind.TABLE;
                }
                c.accept("DATA");
                c.accept("WRAPPER");
                return ObjectKind.OTHER;
            }
            case "TEXT", "ACCESS", "OPERATOR", "PACKAGE", "TYPE" -> {
                c.p++;
                if (w.equals("TYPE")) {
                    c.accept("BODY");
                    return ObjectKind.TYPE;
                }
                while (c.atAny(KIND_QUALIFIERS)) {
                    c.p++;
                }
                return ObjectKind.OTHER;
            }
            case "LARGE" -> {
                c.p += 2;
                return ObjectKind.OTHER;
            }
            case "ROW", "USER" -> {
                c.p++;
                if (w.equals("ROW") && c.accept("ACCESS")) {
                    c.accept("POLICY");
                    return ObjectKind.POLICY;
                }
                if (w.equals("USER") && c.accept("MAPPING")) {
                    return ObjectKind.OTHER;
                }
                return w.equals("USER") ? ObjectKind.ROLE : ObjectKind.OTHER;
            }
            default -> {
                ObjectKind k = Keywords.kind(w);
                if (k != null) {
                    c.p++;
                    return k;
                }
                if (c.atWord() && OTHER_KINDS.contains(w)) {
                    c.p++;
                }
                return ObjectKind.OTHER;
            }
        }
    }
}
