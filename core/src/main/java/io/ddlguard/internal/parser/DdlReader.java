package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.Action;
import io.ddlguard.element.ColumnDefinition;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.CreateSchema;
import io.ddlguard.element.CreateSequence;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.CreateView;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.DropIndex;
import io.ddlguard.element.DropSchema;
import io.ddlguard.element.DropSequence;
import io.ddlguard.element.DropTable;
import io.ddlguard.element.DropView;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.RenameColumn;
import io.ddlguard.element.RenameTable;
import io.ddlguard.element.TruncateTable;
import io.ddlguard.element.UnrecognizedDdl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one DDL statement (a token range) into elements: a recursive-descent reader that understands the
 * forms of the element model and skips what it does not need. The shared primitives are in
 * {@link TokenCursor}, column and constraint definitions in {@link DefinitionReader}, ALTER TABLE in
 * {@link AlterTableReader}. Throws {@link Unreadable} where the text does not fit; the caller turns that into
 * {@link UnrecognizedDdl}. Not thread-safe: one per statement.
 */
final class DdlReader extends AlterTableReader {

    DdlReader(Tokens tokens, int first, int end, String sql, DialectRules rules, List<DdlElement> out) {
        super(tokens, first, end, sql, rules, out);
    }

    void read() {
        switch (t.upperWord(p)) {
            case "CREATE" -> create();
            case "DROP" -> drop();
            case "ALTER" -> alter();
            case "TRUNCATE" -> truncate();
            case "RENAME" -> renameTables();
            case "COMMENT" -> comment();
            case "GRANT", "REVOKE" -> grant();
            case "REFRESH", "REINDEX" -> maintenance();
            case "EXEC", "EXECUTE" -> spRename();
            default -> throw new Unreadable();
        }
    }


    private void create() {
        p++;
        boolean orReplace = false;
        boolean temporary = false;
        boolean unique = false;
        boolean materialized = false;
        while (p < end) {
            if (accept("OR")) {
                if (!accept("REPLACE")) {
                    accept("ALTER");
                }
                orReplace = true;
            } else if (accept("TEMPORARY") || accept("TEMP")) {
                temporary = true;
            } else if (accept("UNIQUE")) {
                unique = true;
            } else if (accept("MATERIALIZED")) {
                materialized = true;
            } else if (at("DEFINER")) {
                skipDefiner();
            } else if (at("ALGORITHM")) {
                p++;
                acceptSymbol('=');
                p++;
            } else if (at("SQL") && t.isWord(p + 1, "SECURITY")) {
                p += 3;
            } else if (at("GLOBAL") || at("LOCAL") || at("UNLOGGED") || at("CACHED") || at("MEMORY")
                    || at("CLUSTERED") || at("NONCLUSTERED") || at("FULLTEXT") || at("SPATIAL")
                    || at("RECURSIVE") || at("EDITIONABLE") || at("NONEDITIONABLE") || at("FORCE")
                    || at("NOFORCE") || at("VIRTUAL") || at("TRUSTED") || at("PROCEDURAL")
                    || (at("CONSTRAINT") && t.isWord(p + 1, "TRIGGER"))
                    || (at("NO") && t.isWord(p + 1, "FORCE"))) {
                p++;
            } else {
                break;
            }
        }
        switch (t.upperWord(p)) {
            case "TABLE" -> createTable(temporary);
            case "INDEX" -> createIndex(unique);
            case "VIEW" -> createView(materialized, orReplace, temporary);
            case "SEQUENCE" -> createSequence(temporary);
            case "SCHEMA" -> createSchema();
            case "DATABASE" -> {
                if (mysql) {
                    createSchema();
                } else {
                    unrecognized(Action.CREATE);
                }
            }
            default -> unrecognized(Action.CREATE);
        }
    }

    private void skipDefiner() {
        p++;
        acceptSymbol('=');
        if (at("CURRENT_USER")) {
            p++;
            if (atSymbol('(')) {
                skipBalanced();
            }
            return;
        }
        p++;
        if (atSymbol('@')) {
            p += 2;
        } else if (p < end && t.kind(p) == Tokens.WORD && t.text(p).startsWith("@")) {
            p++;
        }
    }

    private void createTable(boolean temporary) {
        p++;
        boolean ifNotExists = acceptIfNotExists();
        QualifiedName name = qualifiedName();
        List<ColumnDefinition> columns = new ArrayList<>();
        List<ConstraintDefinition> constraints = new ArrayList<>();
        QualifiedName like = null;
        QualifiedName partitionOf = null;
        if (at("PARTITION") && t.isWord(p + 1, "OF")) {
            p += 2;
            partitionOf = qualifiedName();
        } else if (accept("LIKE")) {
            like = qualifiedName();
        } else if (at("OF")) {
            p += 2;
        }
        if (atSymbol('(') && !startsQuery(p + 1)) {
            like = tableElements(columns, constraints, like);
        }
        boolean partitioned = false;
        boolean asQuery = false;
        int depth = 0;
        for (int i = p; i < end; i++) {
            if (t.isSymbol(i, '(')) {
                depth++;
            } else if (t.isSymbol(i, ')')) {
                depth--;
            } else if (depth == 0) {
                if (t.isWord(i, "PARTITION") && t.isWord(i + 1, "BY")) {
                    partitioned = true;
                } else if (t.isWord(i, "AS") || t.isWord(i, "SELECT") || (t.isSymbol(i, '(') && startsQuery(i + 1))) {
                    asQuery = true;
                    break;
                }
            }
            if (depth == 0 && t.isSymbol(i, '(') && startsQuery(i + 1)) {
                asQuery = true;
                break;
            }
        }
        out.add(new CreateTable(sql, name, temporary, ifNotExists, columns, constraints, Optional.ofNullable(like),
                Optional.ofNullable(partitionOf), partitioned, asQuery));
    }

    private void createIndex(boolean unique) {
        p++;
        boolean concurrently = accept("CONCURRENTLY");
        boolean ifNotExists = acceptIfNotExists();
        QualifiedName name = null;
        if (!at("ON")) {
            name = qualifiedName();
        }
        if (accept("USING")) {
            p++;
        }
        expect("ON");
        accept("ONLY");
        QualifiedName table = qualifiedName();
        if (accept("USING")) {
            p++;
        }
        List<String> columns = atSymbol('(') ? expressionList() : List.of();
        out.add(new CreateIndex(sql, Optional.ofNullable(name), table, unique, concurrently, ifNotExists, columns));
    }

    private void createView(boolean materialized, boolean orReplace, boolean temporary) {
        p++;
        boolean ifNotExists = acceptIfNotExists();
        out.add(new CreateView(sql, qualifiedName(), materialized, orReplace, temporary, ifNotExists));
    }

    private void createSequence(boolean temporary) {
        p++;
        boolean ifNotExists = acceptIfNotExists();
        out.add(new CreateSequence(sql, qualifiedName(), temporary, ifNotExists));
    }

    private void createSchema() {
        p++;
        boolean ifNotExists = acceptIfNotExists();
        QualifiedName name;
        if (accept("AUTHORIZATION")) {
            name = QualifiedName.of(identifier());
        } else {
            name = qualifiedName();
        }
        out.add(new CreateSchema(sql, name, ifNotExists));
    }


    private void drop() {
        p++;
        boolean temporary = accept("TEMPORARY");
        switch (t.upperWord(p)) {
            case "TABLE" -> {
                p++;
                boolean ifExists = acceptIfExists();
                List<QualifiedName> names = nameList();
                out.add(new DropTable(sql, names, temporary, ifExists, restHasCascade()));
            }
            case "INDEX" -> {
                p++;
                boolean concurrently = accept("CONCURRENTLY");
                boolean ifExists = acceptIfExists();
                List<QualifiedName> names = nameList();
                QualifiedName table = accept("ON") ? qualifiedName() : null;
                out.add(new DropIndex(sql, names, Optional.ofNullable(table), concurrently, ifExists, restHasCascade()));
            }
            case "VIEW" -> dropView(false);
            case "MATERIALIZED" -> {
                p++;
                if (!at("VIEW")) {
                    throw new Unreadable();
                }
                dropView(true);
            }
            case "SEQUENCE" -> {
                p++;
                boolean ifExists = acceptIfExists();
                out.add(new DropSequence(sql, nameList(), ifExists, restHasCascade()));
            }
            case "SCHEMA" -> dropSchema();
            case "DATABASE" -> {
                if (mysql) {
                    dropSchema();
                } else {
                    unrecognized(Action.DROP);
                }
            }
            default -> unrecognized(Action.DROP);
        }
    }

    private void dropView(boolean materialized) {
        p++;
        boolean ifExists = acceptIfExists();
        out.add(new DropView(sql, nameList(), materialized, ifExists, restHasCascade()));
    }

    private void dropSchema() {
        p++;
        boolean ifExists = acceptIfExists();
        out.add(new DropSchema(sql, nameList(), ifExists, restHasCascade()));
    }


    private void truncate() {
        p++;
        accept("TABLE");
        accept("ONLY");
        List<QualifiedName> names = new ArrayList<>();
        do {
            accept("ONLY");
            names.add(qualifiedName());
            acceptSymbol('*');
        } while (acceptSymbol(','));
        out.add(new TruncateTable(sql, names, actionHas("RESTART", "IDENTITY"), restHasCascade()));
    }

    private void renameTables() {
        p++;
        if (!accept("TABLE") && !accept("TABLES") && mysql) {
            unrecognized(Action.ALTER);
            return;
        }
        do {
            QualifiedName from = qualifiedName();
            expect("TO");
            out.add(new RenameTable(sql, from, qualifiedName()));
        } while (acceptSymbol(','));
    }

    private void comment() {
        p++;
        expect("ON");
        int kindStart = p;
        ObjectKind kind = objectKindWords();
        if (kind == ObjectKind.COLUMN) {
            List<Identifier> parts = nameParts();
            Identifier column = parts.remove(parts.size() - 1);
            QualifiedName table = parts.isEmpty() ? null : toQualifiedName(parts);
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.COLUMN, List.of(QualifiedName.of(column)),
                    Optional.ofNullable(table)));
            return;
        }
        if (p == kindStart) {
            throw new Unreadable();
        }
        QualifiedName name = atName() ? qualifiedName() : null;
        QualifiedName table = accept("ON") && atName() ? qualifiedName() : null;
        out.add(new UnrecognizedDdl(sql, Action.ALTER, kind, name == null ? List.of() : List.of(name),
                Optional.ofNullable(table)));
    }

    private void grant() {
        p++;
        int depth = 0;
        while (p < end) {
            if (atSymbol('(')) {
                depth++;
            } else if (atSymbol(')')) {
                depth--;
            } else if (depth == 0 && (at("ON") || at("TO") || at("FROM"))) {
                break;
            }
            p++;
        }
        if (!accept("ON")) {
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.ROLE, List.of(), Optional.empty()));
            return;
        }
        if (at("ALL")) {
            int s = p;
            p++;
            ObjectKind kind = objectKindWords();
            if (accept("IN") && accept("SCHEMA")) {
                out.add(new UnrecognizedDdl(sql, Action.ALTER, kind == ObjectKind.OTHER ? ObjectKind.TABLE : kind,
                        List.of(), Optional.empty()));
                return;
            }
            p = s;
        }
        int before = p;
        ObjectKind kind = objectKindWords();
        if (p == before) {
            kind = ObjectKind.TABLE;
        }
        List<QualifiedName> names = atName() ? nameList() : List.of();
        out.add(new UnrecognizedDdl(sql, Action.ALTER, kind, names, Optional.empty()));
    }

    private void maintenance() {
        boolean refresh = at("REFRESH");
        p++;
        if (atSymbol('(')) {
            skipBalanced();
        }
        ObjectKind kind = objectKindWords();
        accept("CONCURRENTLY");
        List<QualifiedName> names = atName() ? List.of(qualifiedName()) : List.of();
        if (!refresh && kind == ObjectKind.TABLE && names.size() == 1) {
            // REINDEX TABLE t alters t's indexes, as PostgreSQL's event triggers report it
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.INDEX, List.of(), Optional.of(names.get(0))));
            return;
        }
        out.add(new UnrecognizedDdl(sql, Action.ALTER, refresh ? ObjectKind.MATERIALIZED_VIEW : kind, names,
                Optional.empty()));
    }

    /** SQL Server's {@code EXEC sp_rename 'old', 'new' [, 'COLUMN' | 'INDEX' | 'OBJECT']}. */
    private void spRename() {
        p += 2;
        List<String> args = new ArrayList<>(3);
        while (p < end) {
            if (t.kind(p) == Tokens.STRING) {
                args.add(t.stringValue(p));
            } else if (t.kind(p) == Tokens.WORD && !t.text(p).startsWith("@")) {
                args.add(t.text(p));
            }
            p++;
        }
        if (args.size() < 2) {
            throw new Unreadable();
        }
        List<Identifier> old = namePartsOf(args.get(0));
        String type = args.size() > 2 ? args.get(2) : "OBJECT";
        if (type.equalsIgnoreCase("COLUMN") && old.size() >= 2) {
            Identifier column = old.remove(old.size() - 1);
            out.add(new RenameColumn(sql, toQualifiedName(old), column, namePartsOf(args.get(1)).get(0)));
        } else if (type.equalsIgnoreCase("OBJECT")) {
            List<Identifier> renamed = namePartsOf(args.get(1));
            out.add(new RenameTable(sql, toQualifiedName(old), QualifiedName.of(renamed.get(renamed.size() - 1))));
        } else {
            ObjectKind kind = type.equalsIgnoreCase("INDEX") ? ObjectKind.INDEX : ObjectKind.OTHER;
            Identifier name = old.remove(old.size() - 1);
            out.add(new UnrecognizedDdl(sql, Action.ALTER, kind, List.of(QualifiedName.of(name)),
                    old.isEmpty() ? Optional.empty() : Optional.of(toQualifiedName(old))));
        }
    }

    private List<Identifier> namePartsOf(String text) {
        Tokens inner = SqlLexer.tokenize(text, rules);
        List<Identifier> parts = new ArrayList<>(3);
        for (int i = 0; i < inner.size(); i++) {
            int kind = inner.kind(i);
            if (kind == Tokens.WORD || kind == Tokens.QUOTED) {
                parts.add(new Identifier(inner.identifierValue(i), kind == Tokens.QUOTED));
            }
        }
        if (parts.isEmpty()) {
            throw new Unreadable();
        }
        return parts;
    }

    @Override
    void unrecognized(Action action) {
        ObjectKind kind = objectKindWords();
        acceptIfExists();
        acceptIfNotExists();
        List<QualifiedName> names = List.of();
        if (atName() && kind != ObjectKind.OTHER) {
            names = action == Action.DROP ? nameList() : List.of(qualifiedName());
        }
        QualifiedName table = null;
        if (kind == ObjectKind.TRIGGER || kind == ObjectKind.POLICY || kind == ObjectKind.RULE
                || kind == ObjectKind.INDEX) {
            int depth = 0;
            for (int i = p; i < end; i++) {
                if (t.isSymbol(i, '(')) {
                    depth++;
                } else if (t.isSymbol(i, ')')) {
                    depth--;
                } else if (depth == 0 && (t.isWord(i, "ON") || (kind == ObjectKind.RULE && t.isWord(i, "TO")))
                        && i + 1 < end && (t.kind(i + 1) == Tokens.WORD || t.kind(i + 1) == Tokens.QUOTED)
                        && !isEventWord(i + 1)) {
                    p = i + 1;
                    table = qualifiedName();
                    break;
                }
            }
        }
        out.add(new UnrecognizedDdl(sql, action, kind, names, Optional.ofNullable(table)));
    }

    private boolean isEventWord(int i) {
        return t.isWord(i, "SELECT") || t.isWord(i, "INSERT") || t.isWord(i, "UPDATE") || t.isWord(i, "DELETE")
                || t.isWord(i, "EACH") || t.isWord(i, "COMMIT") || t.isWord(i, "SCHEDULE");
    }

    /** Reads the words naming an object kind ({@code MATERIALIZED VIEW}, {@code EVENT TRIGGER}, ...). */
    private ObjectKind objectKindWords() {
        String w = t.upperWord(p);
        switch (w) {
            case "MATERIALIZED" -> {
                p++;
                accept("VIEW");
                return ObjectKind.MATERIALIZED_VIEW;
            }
            case "EVENT" -> {
                p++;
                return accept("TRIGGER") ? ObjectKind.TRIGGER : ObjectKind.EVENT;
            }
            case "FOREIGN" -> {
                p++;
                if (accept("TABLE")) {
                    return ObjectKind.TABLE;
                }
                accept("DATA");
                accept("WRAPPER");
                return ObjectKind.OTHER;
            }
            case "TEXT", "ACCESS", "OPERATOR", "PACKAGE", "TYPE" -> {
                p++;
                if (w.equals("TYPE")) {
                    accept("BODY");
                    return ObjectKind.TYPE;
                }
                while (at("SEARCH") || at("CONFIGURATION") || at("DICTIONARY") || at("PARSER") || at("TEMPLATE")
                        || at("METHOD") || at("CLASS") || at("FAMILY") || at("BODY")) {
                    p++;
                }
                return ObjectKind.OTHER;
            }
            case "LARGE" -> {
                p += 2;
                return ObjectKind.OTHER;
            }
            case "ROW", "USER" -> {
                p++;
                if (w.equals("ROW") && accept("ACCESS")) {
                    accept("POLICY");
                    return ObjectKind.POLICY;
                }
                if (w.equals("USER") && accept("MAPPING")) {
                    return ObjectKind.OTHER;
                }
                return w.equals("USER") ? ObjectKind.ROLE : ObjectKind.OTHER;
            }
            default -> {
                ObjectKind k = Keywords.kind(w);
                if (k != null) {
                    p++;
                    return k;
                }
                if (p < end && t.kind(p) == Tokens.WORD && (w.equals("COLLATION") || w.equals("CONVERSION")
                        || w.equals("LANGUAGE") || w.equals("PUBLICATION") || w.equals("SUBSCRIPTION")
                        || w.equals("SERVER") || w.equals("TABLESPACE") || w.equals("STATISTICS")
                        || w.equals("CAST") || w.equals("TRANSFORM") || w.equals("SESSION") || w.equals("SYSTEM")
                        || w.equals("OPERATOR") || w.equals("DEFAULT") || w.equals("LOGFILE") || w.equals("INSTANCE")
                        || w.equals("ALIAS") || w.equals("CONSTANT") || w.equals("LINKED") || w.equals("RESOURCE")
                        || w.equals("EXTERNAL") || w.equals("LIBRARY") || w.equals("CONTEXT") || w.equals("DIRECTORY")
                        || w.equals("PROFILE") || w.equals("MASK") || w.equals("PERMISSION") || w.equals("LARGE"))) {
                    p++;
                }
                return ObjectKind.OTHER;
            }
        }
    }
}
