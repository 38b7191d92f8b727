package io.ddlguard.internal.parser;

import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.element.Action;
import io.ddlguard.element.AddColumn;
import io.ddlguard.element.AddConstraint;
import io.ddlguard.element.AlterColumn;
import io.ddlguard.element.ColumnDefinition;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.DropColumn;
import io.ddlguard.element.DropConstraint;
import io.ddlguard.element.DropIndex;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.RenameColumn;
import io.ddlguard.element.RenameIndex;
import io.ddlguard.element.RenameSequence;
import io.ddlguard.element.RenameTable;
import io.ddlguard.element.RenameView;
import io.ddlguard.element.UnrecognizedDdl;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code ALTER TABLE}: one element per comma-separated action, all sharing the statement's text; and the
 * renames {@code ALTER INDEX | VIEW | SEQUENCE} can be. Not thread-safe: one per statement.
 */
final class AlterTableReader {

    /** The words between {@code ALTER} and {@code TABLE} that change how, not what, it alters. */
    private static final Set<String> ALTER_MODIFIERS = Set.of("ONLINE", "OFFLINE", "IGNORE");
    /** The kinds of object another {@code ALTER} statement renames ({@code ALTER INDEX a RENAME TO b}). */
    private static final Set<String> RENAMED_KINDS = Set.of("INDEX", "VIEW", "SEQUENCE");
    /** The words after {@code ADD} or {@code DROP} that start a clause of the whole table, which is not modelled. */
    private static final Set<String> TABLE_CLAUSES = Set.of("PARTITION", "PERIOD", "SYSTEM");
    /** The words after {@code RENAME} that start the rename of a constraint or an index. */
    private static final Set<String> RENAMED_KEYS = Set.of("CONSTRAINT", "INDEX", "KEY");
    /** The words after {@code ALTER [COLUMN] c} that start a change other than a new type. */
    private static final Set<String> COLUMN_CHANGES = Set.of("SET", "DROP", "ADD", "RESTART", "RESET", "OPTIONS",
            "INVISIBLE", "VISIBLE");
    /** The words that end a column's new type ({@code TYPE text COLLATE "C" USING ...}). */
    private static final Set<String> TYPE_ENDS = Set.of("USING", "COLLATE", "NOT", "NULL", "CONSTRAINT", "DEFAULT");

    private final TokenCursor c;
    private final List<DdlElement> out;
    private final DefinitionReader definitions;
    private final UnrecognizedDdlReader unrecognized;

    AlterTableReader(TokenCursor cursor, List<DdlElement> out, DefinitionReader definitions,
                     UnrecognizedDdlReader unrecognized) {
        this.c = cursor;
        this.out = out;
        this.definitions = definitions;
        this.unrecognized = unrecognized;
    }

    /** At {@code ALTER}: the statement's elements. */
    void alter() {
        c.p++;
        while (c.atAny(ALTER_MODIFIERS)) {
            c.p++;
        }
        if (!c.at("TABLE")) {
            if (!renameOfRelation()) {
                unrecognized.read(Action.ALTER);
            }
            return;
        }
        c.p++;
        c.acceptIfExists();
        c.accept("ONLY");
        QualifiedName table = c.qualifiedName();
        c.acceptSymbol('*');
        if (!c.hasMore()) {
            unrecognizedAction(table);
            return;
        }
        while (c.hasMore()) {
            int before = out.size();
            int start = c.p;
            try {
                alterAction(table);
            } catch (TokenCursor.Unreadable e) {
                while (out.size() > before) {
                    out.remove(out.size() - 1);
                }
                c.p = start;
                unrecognizedAction(table);
            }
            c.skipToListEnd();
            if (!c.acceptSymbol(',')) {
                break;
            }
        }
    }

    /** An action of {@code table}'s that the model has no form for. */
    private void unrecognizedAction(QualifiedName table) {
        out.add(new UnrecognizedDdl(c.sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.of(table)));
    }

    /** An action on one of {@code table}'s indexes or constraints that the model has no form for. */
    private void unrecognizedAction(QualifiedName table, ObjectKind kind, Identifier name) {
        out.add(new UnrecognizedDdl(c.sql, Action.ALTER, kind, List.of(QualifiedName.of(name)), Optional.of(table)));
    }

    /**
     * {@code ALTER INDEX | VIEW | MATERIALIZED VIEW | SEQUENCE [IF EXISTS] a RENAME TO b}, read into its element;
     * false (nothing read) for any other form of those statements.
     */
    private boolean renameOfRelation() {
        int start = c.p;
        boolean materialized = c.at("MATERIALIZED", "VIEW");
        String kind = materialized ? "VIEW" : c.word();
        if (!RENAMED_KINDS.contains(kind)) {
            return false;
        }
        c.p += materialized ? 2 : 1;
        c.acceptIfExists();
        if (!c.atName()) {
            c.p = start;
            return false;
        }
        QualifiedName name = c.qualifiedName();
        if (!c.accept("RENAME", "TO")) {
            c.p = start;
            return false;
        }
        QualifiedName newName = c.qualifiedName();
        out.add(switch (kind) {
            case "INDEX" -> new RenameIndex(c.sql, name, newName);
            case "SEQUENCE" -> new RenameSequence(c.sql, name, newName);
            default -> new RenameView(c.sql, name, newName, materialized);
        });
        return true;
    }

    private void alterAction(QualifiedName table) {
        if (c.accept("ADD")) {
            addAction(table);
        } else if (c.accept("DROP")) {
            dropAction(table);
        } else if (c.accept("ALTER")) {
            alterColumnAction(table);
        } else if (c.accept("MODIFY")) {
            if (c.atSymbol('(')) {
                c.eachInParentheses(() -> redefine(table, null));
            } else {
                c.accept("COLUMN");
                redefine(table, null);
            }
        } else if (c.accept("CHANGE")) {
            c.accept("COLUMN");
            Identifier old = c.identifier();
            redefine(table, old);
        } else if (c.accept("RENAME")) {
            renameAction(table);
        } else if (c.accept("VALIDATE", "CONSTRAINT")) {
            unrecognizedAction(table, ObjectKind.CONSTRAINT, c.identifier());
        } else if ((c.at("ALGORITHM") || c.at("LOCK")) && c.nextIs('=')) {
            c.p += 3;
        } else {
            unrecognizedAction(table);
        }
    }

    private void addAction(QualifiedName table) {
        if (c.at("CONSTRAINT") || definitions.atConstraintKeyword()) {
            int start = c.p;
            Identifier name = null;
            if (c.accept("CONSTRAINT")) {
                name = c.atName() && !definitions.atConstraintKeyword() ? c.identifier() : null;
            }
            ConstraintDefinition constraint = definitions.constraintBody(name, start);
            out.add(new AddConstraint(c.sql, table, constraint, c.actionHas("NOT", "VALID")));
        } else if (definitions.atIndexKeyword()) {
            addIndex(table);
        } else if (c.atSymbol('(') || (c.at("COLUMN") && c.nextIs('('))) {
            c.accept("COLUMN");
            c.eachInParentheses(() -> out.add(new AddColumn(c.sql, table, definitions.columnDefinition(), false)));
        } else if (c.atAny(TABLE_CLAUSES)) {
            unrecognizedAction(table);
        } else {
            c.accept("COLUMN");
            boolean ifNotExists = c.acceptIfNotExists();
            out.add(new AddColumn(c.sql, table, definitions.columnDefinition(), ifNotExists));
        }
    }

    private void addIndex(QualifiedName table) {
        if (c.at("FULLTEXT") || c.at("SPATIAL")) {
            c.p++;
        }
        if (!c.accept("INDEX")) {
            c.accept("KEY");
        }
        c.acceptIfNotExists();
        QualifiedName name = null;
        if (c.atName() && !c.atSymbol('(') && !c.at("USING")) {
            name = QualifiedName.of(c.identifier());
        }
        definitions.skipIndexType();
        List<String> columns = c.atSymbol('(') ? c.expressionList() : List.of();
        out.add(new CreateIndex(c.sql, Optional.ofNullable(name), table, false, false, false, columns));
    }

    private void dropAction(QualifiedName table) {
        if (c.accept("CONSTRAINT")) {
            boolean ifExists = c.acceptIfExists();
            Identifier name = c.identifier();
            out.add(new DropConstraint(c.sql, table, Optional.of(name), Optional.empty(), ifExists,
                    c.actionHas("CASCADE", null)));
        } else if (c.accept("PRIMARY", "KEY")) {
            out.add(new DropConstraint(c.sql, table, Optional.empty(), Optional.of(ConstraintType.PRIMARY_KEY), false,
                    false));
        } else if (c.accept("FOREIGN", "KEY")) {
            dropConstraint(table, ConstraintType.FOREIGN_KEY);
        } else if (c.at("CHECK") && namedAfterKeyword()) {
            c.p++;
            dropConstraint(table, ConstraintType.CHECK);
        } else if ((c.at("INDEX") || c.at("KEY")) && namedAfterKeyword()) {
            c.p++;
            boolean ifExists = c.acceptIfExists();
            Identifier name = c.identifier();
            out.add(new DropIndex(c.sql, List.of(QualifiedName.of(name)), Optional.of(table), false, ifExists, false));
        } else if (c.atAny(TABLE_CLAUSES) || (c.at("DEFAULT") && c.rules.tableLevelDropDefault())) {
            unrecognizedAction(table);
        } else if (c.atSymbol('(')) {
            c.eachInParentheses(() -> out.add(new DropColumn(c.sql, table, c.identifier(), false, false)));
        } else {
            c.accept("COLUMN");
            boolean ifExists = c.acceptIfExists();
            Identifier column = c.identifier();
            out.add(new DropColumn(c.sql, table, column, ifExists, c.actionHas("CASCADE", null)));
        }
    }

    /**
     * Whether the keyword at the cursor is followed by a name in this action rather than ending it: {@code DROP
     * CHECK c} drops a check, whereas {@code DROP check} as the action's last words drops a column of that name.
     */
    private boolean namedAfterKeyword() {
        return c.p + 1 < c.end && !c.nextIs(',');
    }

    /** After {@code DROP FOREIGN KEY} or {@code DROP CHECK}: {@code [IF EXISTS] name}. */
    private void dropConstraint(QualifiedName table, ConstraintType type) {
        boolean ifExists = c.acceptIfExists();
        Identifier name = c.identifier();
        out.add(new DropConstraint(c.sql, table, Optional.of(name), Optional.of(type), ifExists, false));
    }

    private void alterColumnAction(QualifiedName table) {
        if (c.at("INDEX") || c.at("CONSTRAINT")) {
            ObjectKind kind = c.at("INDEX") ? ObjectKind.INDEX : ObjectKind.CONSTRAINT;
            c.p++;
            unrecognizedAction(table, kind, c.identifier());
            return;
        }
        c.accept("COLUMN");
        Identifier column = c.identifier();
        AlterColumn.Change change;
        String type = null;
        String defaultValue = null;
        if (c.accept("TYPE") || c.accept("SET", "DATA", "TYPE")) {
            change = AlterColumn.Change.TYPE;
            type = typeText();
        } else if (c.accept("SET", "NOT", "NULL")) {
            change = AlterColumn.Change.SET_NOT_NULL;
        } else if (c.accept("DROP", "NOT", "NULL") || c.accept("SET", "NULL")) {
            change = AlterColumn.Change.DROP_NOT_NULL;
        } else if (c.accept("SET", "DEFAULT")) {
            int s = c.p;
            c.skipToListEnd();
            defaultValue = c.text(s, c.p);
            change = AlterColumn.Change.SET_DEFAULT;
        } else if (c.accept("DROP", "DEFAULT")) {
            change = AlterColumn.Change.DROP_DEFAULT;
        } else if (c.accept("RENAME", "TO")) {
            out.add(new RenameColumn(c.sql, table, column, c.identifier()));
            return;
        } else if (!c.rules.alterColumnKeepsType() && c.atWord() && !c.atAny(COLUMN_CHANGES)) {
            change = AlterColumn.Change.TYPE;
            type = typeText();
        } else {
            change = AlterColumn.Change.OTHER;
        }
        out.add(new AlterColumn(c.sql, table, column, change, Optional.ofNullable(type),
                Optional.ofNullable(defaultValue), Optional.empty()));
    }

    /** A column's new type: its words up to the end of the action or a clause after it. */
    private String typeText() {
        int s = c.p;
        while (c.hasMore() && !c.atListEnd() && !c.atAny(TYPE_ENDS)) {
            c.skipTerm();
        }
        return c.text(s, c.p);
    }

    /** MySQL's {@code MODIFY c definition} ({@code oldName} null) and {@code CHANGE old definition}. */
    private void redefine(QualifiedName table, Identifier oldName) {
        ColumnDefinition column = definitions.columnDefinition();
        Identifier name = oldName == null ? column.name() : oldName;
        Optional<Identifier> newName = oldName == null || oldName.matches(column.name(), c.rules.dialect())
                ? Optional.empty() : Optional.of(column.name());
        out.add(new AlterColumn(c.sql, table, name, AlterColumn.Change.REDEFINE,
                column.type().isEmpty() ? Optional.empty() : Optional.of(column.type()), column.defaultValue(),
                newName));
    }

    private void renameAction(QualifiedName table) {
        if (c.accept("TO") || c.accept("AS")) {
            out.add(new RenameTable(c.sql, table, c.qualifiedName()));
        } else if (c.accept("COLUMN")) {
            Identifier from = c.identifier();
            c.expect("TO");
            out.add(new RenameColumn(c.sql, table, from, c.identifier()));
        } else if (c.atAny(RENAMED_KEYS)) {
            ObjectKind kind = c.at("CONSTRAINT") ? ObjectKind.CONSTRAINT : ObjectKind.INDEX;
            c.p++;
            unrecognizedAction(table, kind, c.identifier());
        } else if (c.atName() && c.nextIs("TO")) {
            Identifier from = c.identifier();
            c.p++;
            out.add(new RenameColumn(c.sql, table, from, c.identifier()));
        } else {
            out.add(new RenameTable(c.sql, table, c.qualifiedName()));
        }
    }
}
