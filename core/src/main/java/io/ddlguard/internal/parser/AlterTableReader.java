package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.Tokens;
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
import io.ddlguard.element.RenameView;
import io.ddlguard.element.RenameTable;
import io.ddlguard.element.UnrecognizedDdl;

import java.util.List;
import java.util.Optional;

/**
 * Reads {@code ALTER TABLE}: one element per comma-separated action, all sharing the statement's text.
 */
abstract class AlterTableReader extends DefinitionReader {

    AlterTableReader(Tokens tokens, int first, int end, String sql, DialectRules rules, List<DdlElement> out) {
        super(tokens, first, end, sql, rules, out);
    }

    /** A statement whose form is not in the model: its action, kind and name as far as they can be read. */
    abstract void unrecognized(Action action);

    void alter() {
        p++;
        while (at("ONLINE") || at("OFFLINE") || at("IGNORE")) {
            p++;
        }
        if (!at("TABLE")) {
            if (!renameOfRelation()) {
                unrecognized(Action.ALTER);
            }
            return;
        }
        p++;
        acceptIfExists();
        accept("ONLY");
        QualifiedName table = qualifiedName();
        acceptSymbol('*');
        if (p >= end) {
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.of(table)));
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
                out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.of(table)));
            }
            skipToListEnd();
            if (!acceptSymbol(',')) {
                break;
            }
        }
    }

    /**
     * {@code ALTER INDEX | VIEW | MATERIALIZED VIEW | SEQUENCE [IF EXISTS] a RENAME TO b}, read into its element;
     * false (nothing read) for any other form of those statements.
     */
    private boolean renameOfRelation() {
        int start = p;
        boolean materialized = at("MATERIALIZED") && t.isWord(p + 1, "VIEW");
        String kind = materialized ? "VIEW" : t.upperWord(p);
        if (!kind.equals("INDEX") && !kind.equals("VIEW") && !kind.equals("SEQUENCE")) {
            return false;
        }
        p += materialized ? 2 : 1;
        acceptIfExists();
        if (!atName()) {
            p = start;
            return false;
        }
        QualifiedName name = qualifiedName();
        if (!(at("RENAME") && t.isWord(p + 1, "TO"))) {
            p = start;
            return false;
        }
        p += 2;
        QualifiedName newName = qualifiedName();
        out.add(switch (kind) {
            case "INDEX" -> new RenameIndex(sql, name, newName);
            case "SEQUENCE" -> new RenameSequence(sql, name, newName);
            default -> new RenameView(sql, name, newName, materialized);
        });
        return true;
    }

    void alterAction(QualifiedName table) {
        if (accept("ADD")) {
            addAction(table);
        } else if (accept("DROP")) {
            dropAction(table);
        } else if (accept("ALTER")) {
            alterColumnAction(table);
        } else if (accept("MODIFY")) {
            if (atSymbol('(')) {
                eachInParentheses(() -> redefine(table, null));
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
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.of(table)));
        }
    }

    void addAction(QualifiedName table) {
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
            eachInParentheses(() -> out.add(new AddColumn(sql, table, columnDefinition(), false)));
        } else if (at("PARTITION") || at("PERIOD") || at("SYSTEM")) {
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.of(table)));
        } else {
            accept("COLUMN");
            boolean ifNotExists = acceptIfNotExists();
            out.add(new AddColumn(sql, table, columnDefinition(), ifNotExists));
        }
    }

    void addIndex(QualifiedName table) {
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

    void dropAction(QualifiedName table) {
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
            out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, List.of(table), Optional.of(table)));
        } else if (atSymbol('(')) {
            eachInParentheses(() -> out.add(new DropColumn(sql, table, identifier(), false, false)));
        } else {
            accept("COLUMN");
            boolean ifExists = acceptIfExists();
            Identifier column = identifier();
            out.add(new DropColumn(sql, table, column, ifExists, actionHas("CASCADE", null)));
        }
    }

    void alterColumnAction(QualifiedName table) {
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


    void redefine(QualifiedName table, Identifier oldName) {
        ColumnDefinition column = columnDefinition();
        Identifier name = oldName == null ? column.name() : oldName;
        Optional<Identifier> newName = oldName == null || oldName.matches(column.name(), rules.dialect())
                ? Optional.empty() : Optional.of(column.name());
        out.add(new AlterColumn(sql, table, name, AlterColumn.Change.REDEFINE,
                column.type().isEmpty() ? Optional.empty() : Optional.of(column.type()), column.defaultValue(), newName));
    }

    void renameAction(QualifiedName table) {
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

}
