package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.Action;
import io.ddlguard.element.AddColumn;
import io.ddlguard.element.AddConstraint;
import io.ddlguard.element.AlterColumn;
import io.ddlguard.element.ColumnDefinition;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.CreateSchema;
import io.ddlguard.element.CreateSequence;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.CreateView;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.DropColumn;
import io.ddlguard.element.DropConstraint;
import io.ddlguard.element.DropIndex;
import io.ddlguard.element.DropSchema;
import io.ddlguard.element.DropSequence;
import io.ddlguard.element.DropTable;
import io.ddlguard.element.DropView;
import io.ddlguard.element.ForeignKeyReference;
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
 * Reads one DDL statement (a token range) into elements: a recursive-descent reader that understands
 * the forms of the element model and skips what it does not need. Throws {@link Unreadable} where the
 * text does not fit; the caller turns that into {@link UnrecognizedDdl}. Not thread-safe: one per statement.
 */
final class DdlReader {

    private final Tokens t;
    private final int end;
    private final String sql;
    private final DialectRules rules;
    private final boolean mysql;
    private final List<DdlElement> out;
    private int p;

    DdlReader(Tokens tokens, int first, int end, String sql, DialectRules rules, List<DdlElement> out) {
        this.t = tokens;
        this.p = first;
        this.end = end;
        this.sql = sql;
        this.rules = rules;
        this.mysql = rules.dialect().is("mysql");
        this.out = out;
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

    // ---------------------------------------------------------------- CREATE

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

    private boolean startsQuery(int i) {
        return t.isWord(i, "SELECT") || t.isWord(i, "WITH") || t.isWord(i, "VALUES");
    }

    /** Reads {@code ( element, ... )}; returns the table named by a {@code LIKE} element, else {@code like}. */
    private QualifiedName tableElements(List<ColumnDefinition> columns, List<ConstraintDefinition> constraints,
                                        QualifiedName like) {
        expectSymbol('(');
        while (p < end && !atSymbol(')')) {
            if (at("CONSTRAINT")) {
                int start = p;
                p++;
                Identifier cname = atName() && !atConstraintKeyword() ? identifier() : null;
                constraints.add(constraintBody(cname, start));
            } else if (atConstraintKeyword() && !(at("EXCLUDE") && !(t.isWord(p + 1, "USING") || t.isSymbol(p + 1, '(')))) {
                constraints.add(constraintBody(null, p));
            } else if (at("LIKE")) {
                p++;
                like = qualifiedName();
            } else if (mysql && (at("KEY") || at("INDEX") || at("FULLTEXT") || at("SPATIAL"))) {
                skipToListEnd();
            } else if (at("PERIOD") && t.isWord(p + 1, "FOR")) {
                skipToListEnd();
            } else {
                columns.add(columnDefinition());
            }
            skipToListEnd();
            if (!acceptSymbol(',')) {
                break;
            }
        }
        acceptSymbol(')');
        return like;
    }

    private boolean atConstraintKeyword() {
        return at("PRIMARY") || at("UNIQUE") || at("FOREIGN") || at("CHECK") || at("EXCLUDE");
    }

    private ConstraintDefinition constraintBody(Identifier name, int start) {
        int bodyStart = p;
        ConstraintType type;
        List<Identifier> columns = List.of();
        ForeignKeyReference references = null;
        if (accept("PRIMARY")) {
            accept("KEY");
            type = ConstraintType.PRIMARY_KEY;
            skipIndexType();
            columns = identifierList();
        } else if (accept("UNIQUE")) {
            type = ConstraintType.UNIQUE;
            if (!accept("KEY")) {
                accept("INDEX");
            }
            if (accept("NULLS")) {
                accept("NOT");
                accept("DISTINCT");
            }
            if (atName() && !atSymbol('(') && !at("USING")) {
                Identifier indexName = identifier();
                if (name == null) {
                    name = indexName;
                }
            }
            skipIndexType();
            columns = identifierList();
        } else if (accept("FOREIGN")) {
            accept("KEY");
            type = ConstraintType.FOREIGN_KEY;
            if (atName() && !atSymbol('(')) {
                Identifier indexName = identifier();
                if (name == null) {
                    name = indexName;
                }
            }
            columns = identifierList();
            references = references();
        } else if (accept("CHECK")) {
            type = ConstraintType.CHECK;
            skipBalanced();
        } else if (accept("EXCLUDE")) {
            type = ConstraintType.EXCLUDE;
        } else {
            type = ConstraintType.OTHER;
        }
        skipToListEnd();
        String text = text(bodyStart, p);
        return new ConstraintDefinition(Optional.ofNullable(name), type, columns, Optional.ofNullable(references), text);
    }

    private void skipIndexType() {
        if (accept("USING")) {
            p++;
        }
        if (at("CLUSTERED") || at("NONCLUSTERED")) {
            p++;
        }
    }

    private ForeignKeyReference references() {
        if (!accept("REFERENCES")) {
            throw new Unreadable();
        }
        QualifiedName table = qualifiedName();
        List<Identifier> columns = atSymbol('(') ? identifierList() : List.of();
        String onDelete = null;
        String onUpdate = null;
        while (p < end) {
            if (at("ON") && (t.isWord(p + 1, "DELETE") || t.isWord(p + 1, "UPDATE"))) {
                boolean delete = t.isWord(p + 1, "DELETE");
                p += 2;
                int s = p;
                if (at("SET") || at("NO")) {
                    p++;
                }
                p++;
                if (atSymbol('(')) {
                    skipBalanced();
                }
                String action = text(s, Math.min(p, end));
                if (delete) {
                    onDelete = action;
                } else {
                    onUpdate = action;
                }
            } else if (at("MATCH")) {
                p += 2;
            } else {
                break;
            }
        }
        return new ForeignKeyReference(table, columns, Optional.ofNullable(onDelete), Optional.ofNullable(onUpdate));
    }

    private ColumnDefinition columnDefinition() {
        Identifier name = identifier();
        int typeStart = p;
        while (p < end && !atListEnd() && !atColumnKeyword()) {
            if (atSymbol('(')) {
                skipBalanced();
            } else {
                p++;
            }
        }
        String type = p > typeStart ? text(typeStart, p) : "";
        boolean notNull = false;
        String defaultValue = null;
        List<ConstraintDefinition> constraints = new ArrayList<>();
        Identifier constraintName = null;
        while (p < end && !atListEnd()) {
            int start = p;
            if (accept("CONSTRAINT")) {
                constraintName = atName() ? identifier() : null;
                continue;
            }
            if (at("NOT") && t.isWord(p + 1, "NULL")) {
                p += 2;
                notNull = true;
            } else if (at("PRIMARY")) {
                p++;
                accept("KEY");
                notNull = true;
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), ConstraintType.PRIMARY_KEY,
                        List.of(name), Optional.empty(), text(start, p)));
            } else if (at("UNIQUE")) {
                p++;
                accept("KEY");
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), ConstraintType.UNIQUE,
                        List.of(name), Optional.empty(), text(start, p)));
            } else if (at("REFERENCES")) {
                ForeignKeyReference ref = references();
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), ConstraintType.FOREIGN_KEY,
                        List.of(name), Optional.of(ref), text(start, p)));
            } else if (at("CHECK")) {
                p++;
                skipBalanced();
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), ConstraintType.CHECK,
                        List.of(name), Optional.empty(), text(start, p)));
            } else if (accept("DEFAULT")) {
                int s = p;
                if (atSymbol('(')) {
                    skipBalanced();
                } else {
                    p++;
                }
                while (p < end && !atListEnd() && !atColumnKeyword()) {
                    if (atSymbol('(')) {
                        skipBalanced();
                    } else {
                        p++;
                    }
                }
                defaultValue = text(s, p);
            } else if (atSymbol('(')) {
                skipBalanced();
            } else {
                p++;
            }
            constraintName = null;
        }
        return new ColumnDefinition(name, type, notNull, Optional.ofNullable(defaultValue), constraints);
    }

    private boolean atColumnKeyword() {
        if (p >= end || t.kind(p) != Tokens.WORD) {
            return false;
        }
        switch (t.upperWord(p)) {
            case "CONSTRAINT", "NULL", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "DEFAULT", "GENERATED",
                    "COLLATE", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "COMMENT", "AS", "ON", "VISIBLE",
                    "INVISIBLE", "STORAGE", "COMPRESSION", "FIRST", "AFTER", "BEFORE", "ENCODE" -> {
                return true;
            }
            case "NOT" -> {
                return t.isWord(p + 1, "NULL") || t.isWord(p + 1, "DEFERRABLE");
            }
            default -> {
                return false;
            }
        }
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

    // ---------------------------------------------------------------- DROP

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

    private boolean restHasCascade() {
        for (int i = p; i < end; i++) {
            if (t.isWord(i, "CASCADE")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- ALTER

    private void alter() {
        p++;
        while (at("ONLINE") || at("OFFLINE") || at("IGNORE")) {
            p++;
        }
        if (!at("TABLE")) {
            unrecognized(Action.ALTER);
            return;
        }
        p++;
        acceptIfExists();
        accept("ONLY");
        QualifiedName table = qualifiedName();
        acceptSymbol('*');
        if (p >= end) {
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.empty()));
            return;
        }
        while (p < end) {
            int before = out.size();
            int start = p;
            try {
                alterAction(table);
            } catch (Unreadable e) {
                while (out.size() > before) {
                    out.remove(out.size() - 1);
                }
                p = start;
                out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.empty()));
            }
            skipToListEnd();
            if (!acceptSymbol(',')) {
                break;
            }
        }
    }

    private void alterAction(QualifiedName table) {
        if (accept("ADD")) {
            addAction(table);
        } else if (accept("DROP")) {
            dropAction(table);
        } else if (accept("ALTER")) {
            alterColumnAction(table);
        } else if (accept("MODIFY")) {
            if (atSymbol('(')) {
                p++;
                while (p < end && !atSymbol(')')) {
                    redefine(table, null);
                    skipToListEnd();
                    if (!acceptSymbol(',')) {
                        break;
                    }
                }
                acceptSymbol(')');
            } else {
                accept("COLUMN");
                redefine(table, null);
            }
        } else if (accept("CHANGE")) {
            accept("COLUMN");
            Identifier old = identifier();
            redefine(table, old);
        } else if (accept("RENAME")) {
            renameAction(table);
        } else if (at("VALIDATE") && t.isWord(p + 1, "CONSTRAINT")) {
            p += 2;
            Identifier name = identifier();
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.CONSTRAINT, List.of(QualifiedName.of(name)),
                    Optional.of(table)));
        } else if ((at("ALGORITHM") || at("LOCK")) && t.isSymbol(p + 1, '=')) {
            p += 3;
        } else {
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.empty()));
        }
    }

    private void addAction(QualifiedName table) {
        if (at("CONSTRAINT") || atConstraintKeyword()) {
            int start = p;
            Identifier name = null;
            if (accept("CONSTRAINT")) {
                name = atName() && !atConstraintKeyword() ? identifier() : null;
            }
            ConstraintDefinition constraint = constraintBody(name, start);
            out.add(new AddConstraint(sql, table, constraint, actionHas("NOT", "VALID")));
        } else if (at("INDEX") || at("KEY") || at("FULLTEXT") || at("SPATIAL")) {
            addIndex(table);
        } else if (atSymbol('(') || (at("COLUMN") && t.isSymbol(p + 1, '('))) {
            accept("COLUMN");
            p++;
            while (p < end && !atSymbol(')')) {
                out.add(new AddColumn(sql, table, columnDefinition(), false));
                skipToListEnd();
                if (!acceptSymbol(',')) {
                    break;
                }
            }
            acceptSymbol(')');
        } else if (at("PARTITION") || at("PERIOD") || at("SYSTEM")) {
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.empty()));
        } else {
            accept("COLUMN");
            boolean ifNotExists = acceptIfNotExists();
            out.add(new AddColumn(sql, table, columnDefinition(), ifNotExists));
        }
    }

    private void addIndex(QualifiedName table) {
        if (at("FULLTEXT") || at("SPATIAL")) {
            p++;
        }
        if (!accept("INDEX")) {
            accept("KEY");
        }
        acceptIfNotExists();
        QualifiedName name = null;
        if (atName() && !atSymbol('(') && !at("USING")) {
            name = QualifiedName.of(identifier());
        }
        skipIndexType();
        List<String> columns = atSymbol('(') ? expressionList() : List.of();
        out.add(new CreateIndex(sql, Optional.ofNullable(name), table, false, false, false, columns));
    }

    private void dropAction(QualifiedName table) {
        if (accept("CONSTRAINT")) {
            boolean ifExists = acceptIfExists();
            Identifier name = identifier();
            out.add(new DropConstraint(sql, table, Optional.of(name), Optional.empty(), ifExists, actionHas("CASCADE", null)));
        } else if (at("PRIMARY") && t.isWord(p + 1, "KEY")) {
            p += 2;
            out.add(new DropConstraint(sql, table, Optional.empty(), Optional.of(ConstraintType.PRIMARY_KEY), false, false));
        } else if (at("FOREIGN") && t.isWord(p + 1, "KEY")) {
            p += 2;
            boolean ifExists = acceptIfExists();
            Identifier name = identifier();
            out.add(new DropConstraint(sql, table, Optional.of(name), Optional.of(ConstraintType.FOREIGN_KEY), ifExists, false));
        } else if (at("CHECK") && !t.isSymbol(p + 1, ',') && p + 1 < end) {
            p++;
            boolean ifExists = acceptIfExists();
            Identifier name = identifier();
            out.add(new DropConstraint(sql, table, Optional.of(name), Optional.of(ConstraintType.CHECK), ifExists, false));
        } else if ((at("INDEX") || at("KEY")) && p + 1 < end && !t.isSymbol(p + 1, ',')) {
            p++;
            boolean ifExists = acceptIfExists();
            Identifier name = identifier();
            out.add(new DropIndex(sql, List.of(QualifiedName.of(name)), Optional.of(table), false, ifExists, false));
        } else if (at("PARTITION") || at("PERIOD") || at("SYSTEM") || (at("DEFAULT") && !mysql)) {
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.empty()));
        } else if (atSymbol('(')) {
            p++;
            while (p < end && !atSymbol(')')) {
                out.add(new DropColumn(sql, table, identifier(), false, false));
                skipToListEnd();
                if (!acceptSymbol(',')) {
                    break;
                }
            }
            acceptSymbol(')');
        } else {
            accept("COLUMN");
            boolean ifExists = acceptIfExists();
            Identifier column = identifier();
            out.add(new DropColumn(sql, table, column, ifExists, actionHas("CASCADE", null)));
        }
    }

    private void alterColumnAction(QualifiedName table) {
        if (at("INDEX") || at("CONSTRAINT")) {
            ObjectKind kind = at("INDEX") ? ObjectKind.INDEX : ObjectKind.CONSTRAINT;
            p++;
            Identifier name = identifier();
            out.add(new UnrecognizedDdl(sql, Action.ALTER, kind, List.of(QualifiedName.of(name)), Optional.of(table)));
            return;
        }
        accept("COLUMN");
        Identifier column = identifier();
        AlterColumn.Change change;
        String type = null;
        String defaultValue = null;
        if (accept("TYPE") || (at("SET") && t.isWord(p + 1, "DATA") && t.isWord(p + 2, "TYPE") && (p += 3) > 0)) {
            change = AlterColumn.Change.TYPE;
            type = typeText();
        } else if (at("SET") && t.isWord(p + 1, "NOT") && t.isWord(p + 2, "NULL")) {
            p += 3;
            change = AlterColumn.Change.SET_NOT_NULL;
        } else if (at("DROP") && t.isWord(p + 1, "NOT") && t.isWord(p + 2, "NULL")) {
            p += 3;
            change = AlterColumn.Change.DROP_NOT_NULL;
        } else if (at("SET") && t.isWord(p + 1, "NULL")) {
            p += 2;
            change = AlterColumn.Change.DROP_NOT_NULL;
        } else if (at("SET") && t.isWord(p + 1, "DEFAULT")) {
            p += 2;
            int s = p;
            skipToListEnd();
            defaultValue = text(s, p);
            change = AlterColumn.Change.SET_DEFAULT;
        } else if (at("DROP") && t.isWord(p + 1, "DEFAULT")) {
            p += 2;
            change = AlterColumn.Change.DROP_DEFAULT;
        } else if (at("RENAME") && t.isWord(p + 1, "TO")) {
            p += 2;
            out.add(new RenameColumn(sql, table, column, identifier()));
            return;
        } else if (!mysql && p < end && t.kind(p) == Tokens.WORD && !at("SET") && !at("DROP") && !at("ADD")
                && !at("RESTART") && !at("RESET") && !at("OPTIONS") && !at("INVISIBLE") && !at("VISIBLE")) {
            change = AlterColumn.Change.TYPE;
            type = typeText();
        } else {
            change = AlterColumn.Change.OTHER;
        }
        out.add(new AlterColumn(sql, table, column, change, Optional.ofNullable(type), Optional.ofNullable(defaultValue),
                Optional.empty()));
    }

    private String typeText() {
        int s = p;
        while (p < end && !atListEnd() && !at("USING") && !at("COLLATE") && !at("NOT") && !at("NULL")
                && !at("CONSTRAINT") && !at("DEFAULT")) {
            if (atSymbol('(')) {
                skipBalanced();
            } else {
                p++;
            }
        }
        return text(s, p);
    }

    private void redefine(QualifiedName table, Identifier oldName) {
        ColumnDefinition column = columnDefinition();
        Identifier name = oldName == null ? column.name() : oldName;
        Optional<Identifier> newName = oldName == null || oldName.matches(column.name(), rules.dialect())
                ? Optional.empty() : Optional.of(column.name());
        out.add(new AlterColumn(sql, table, name, AlterColumn.Change.REDEFINE,
                column.type().isEmpty() ? Optional.empty() : Optional.of(column.type()), column.defaultValue(), newName));
    }

    private void renameAction(QualifiedName table) {
        if (accept("TO") || accept("AS")) {
            out.add(new RenameTable(sql, table, qualifiedName()));
        } else if (accept("COLUMN")) {
            Identifier from = identifier();
            expect("TO");
            out.add(new RenameColumn(sql, table, from, identifier()));
        } else if (at("CONSTRAINT") || at("INDEX") || at("KEY")) {
            ObjectKind kind = at("CONSTRAINT") ? ObjectKind.CONSTRAINT : ObjectKind.INDEX;
            p++;
            Identifier from = identifier();
            out.add(new UnrecognizedDdl(sql, Action.ALTER, kind, List.of(QualifiedName.of(from)), Optional.of(table)));
        } else if (atName() && t.isWord(p + 1, "TO")) {
            Identifier from = identifier();
            p++;
            out.add(new RenameColumn(sql, table, from, identifier()));
        } else {
            out.add(new RenameTable(sql, table, qualifiedName()));
        }
    }

    // ---------------------------------------------------------------- other statements

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

    /** A statement whose form is not in the model: its action, kind and name as far as they can be read. */
    private void unrecognized(Action action) {
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

    // ---------------------------------------------------------------- names and lists

    private QualifiedName qualifiedName() {
        return toQualifiedName(nameParts());
    }

    private List<Identifier> nameParts() {
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

    private static QualifiedName toQualifiedName(List<Identifier> parts) {
        int n = parts.size();
        Identifier name = parts.get(n - 1);
        Optional<Identifier> schema = n >= 2 ? Optional.of(parts.get(n - 2)) : Optional.empty();
        Optional<Identifier> catalog = n >= 3 ? Optional.of(parts.get(n - 3)) : Optional.empty();
        return new QualifiedName(catalog, schema, name);
    }

    /** Names separated by commas, each possibly followed by an argument list ({@code DROP FUNCTION f(int)}). */
    private List<QualifiedName> nameList() {
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

    private Identifier identifier() {
        if (!atName()) {
            throw new Unreadable();
        }
        Identifier id = new Identifier(t.identifierValue(p), t.kind(p) == Tokens.QUOTED);
        p++;
        return id;
    }

    private boolean atName() {
        return p < end && (t.kind(p) == Tokens.WORD || t.kind(p) == Tokens.QUOTED);
    }

    /** {@code (a, b DESC, c(10))}: the leading identifier of each item. */
    private List<Identifier> identifierList() {
        if (!atSymbol('(')) {
            return List.of();
        }
        p++;
        List<Identifier> ids = new ArrayList<>(2);
        while (p < end && !atSymbol(')')) {
            if (atName()) {
                ids.add(identifier());
            }
            skipToListEnd();
            if (!acceptSymbol(',')) {
                break;
            }
        }
        acceptSymbol(')');
        return ids;
    }

    /** {@code (lower(a), b DESC)}: each item's text. */
    private List<String> expressionList() {
        p++;
        List<String> items = new ArrayList<>(2);
        while (p < end && !atSymbol(')')) {
            int s = p;
            skipToListEnd();
            if (p > s) {
                items.add(text(s, p));
            }
            if (!acceptSymbol(',')) {
                break;
            }
        }
        acceptSymbol(')');
        return items;
    }

    /** Advances to the next {@code ,} or {@code )} at this nesting level (or the end). */
    private void skipToListEnd() {
        while (p < end && !atListEnd()) {
            if (atSymbol('(')) {
                skipBalanced();
            } else {
                p++;
            }
        }
    }

    private boolean atListEnd() {
        return atSymbol(',') || atSymbol(')');
    }

    /** At {@code (}: advances past its matching {@code )}, or to the end when there is none. */
    private void skipBalanced() {
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

    private boolean actionHas(String word, String next) {
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

    private String text(int fromToken, int toToken) {
        if (toToken <= fromToken) {
            return "";
        }
        return t.sql().substring(t.start(fromToken), t.end(Math.min(toToken, end) - 1));
    }

    private boolean at(String word) {
        return p < end && t.isWord(p, word);
    }

    private boolean accept(String word) {
        if (at(word)) {
            p++;
            return true;
        }
        return false;
    }

    private void expect(String word) {
        if (!accept(word)) {
            throw new Unreadable();
        }
    }

    private boolean atSymbol(char c) {
        return p < end && t.isSymbol(p, c);
    }

    private boolean acceptSymbol(char c) {
        if (atSymbol(c)) {
            p++;
            return true;
        }
        return false;
    }

    private void expectSymbol(char c) {
        if (!acceptSymbol(c)) {
            throw new Unreadable();
        }
    }

    private boolean acceptIfExists() {
        if (at("IF") && t.isWord(p + 1, "EXISTS")) {
            p += 2;
            return true;
        }
        return false;
    }

    private boolean acceptIfNotExists() {
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
