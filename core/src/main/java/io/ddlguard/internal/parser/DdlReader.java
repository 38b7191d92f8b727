package io.ddlguard.internal.parser;

import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.internal.TokenCursor;
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
import java.util.Set;

/**
 * Reads one DDL statement (a token range) into elements: a recursive-descent reader that understands the forms of
 * the element model and skips what it does not need. It reads {@code CREATE}, {@code DROP}, {@code TRUNCATE} and
 * {@code RENAME} itself and hands {@code ALTER} to an {@link AlterTableReader}, column and constraint definitions to a
 * {@link DefinitionReader} and the forms without an element of their own to an {@link UnrecognizedDdlReader}; all
 * share one {@link TokenCursor}. Throws {@link TokenCursor.Unreadable} where the text does not fit; the caller turns
 * that into {@link UnrecognizedDdl}. Not thread-safe: one per statement.
 */
final class DdlReader {

    /** The words between {@code CREATE} and the object's kind that change nothing ddlguard reads. */
    private static final Set<String> CREATE_MODIFIERS = Set.of("GLOBAL", "LOCAL", "UNLOGGED", "CACHED", "MEMORY",
            "CLUSTERED", "NONCLUSTERED", "FULLTEXT", "SPATIAL", "RECURSIVE", "EDITIONABLE", "NONEDITIONABLE", "FORCE",
            "NOFORCE", "VIRTUAL", "TRUSTED", "PROCEDURAL");
    /** The words that start a query ({@code CREATE TABLE t AS SELECT ...}, {@code (WITH ...)}). */
    private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES");

    private final TokenCursor c;
    private final List<DdlElement> out;
    private final DefinitionReader definitions;
    private final AlterTableReader alterTable;
    private final UnrecognizedDdlReader unrecognized;

    DdlReader(TokenCursor cursor, List<DdlElement> out) {
        this.c = cursor;
        this.out = out;
        this.definitions = new DefinitionReader(cursor);
        this.unrecognized = new UnrecognizedDdlReader(cursor, out);
        this.alterTable = new AlterTableReader(cursor, out, definitions, unrecognized);
    }

    void read() {
        switch (c.word()) {
            case "CREATE" -> create();
            case "DROP" -> drop();
            case "ALTER" -> alterTable.alter();
            case "TRUNCATE" -> truncate();
            case "RENAME" -> renameTables();
            case "COMMENT" -> unrecognized.comment();
            case "GRANT", "REVOKE" -> unrecognized.grant();
            case "REFRESH", "REINDEX" -> unrecognized.maintenance();
            case "EXEC", "EXECUTE" -> spRename();
            default -> throw new TokenCursor.Unreadable();
        }
    }

    private void create() {
        c.p++;
        boolean orReplace = false;
        boolean temporary = false;
        boolean unique = false;
        boolean materialized = false;
        while (c.hasMore()) {
            if (c.accept("OR")) {
                if (!c.accept("REPLACE")) {
                    c.accept("ALTER");
                }
                orReplace = true;
            } else if (c.accept("TEMPORARY") || c.accept("TEMP")) {
                temporary = true;
            } else if (c.accept("UNIQUE")) {
                unique = true;
            } else if (c.accept("MATERIALIZED")) {
                materialized = true;
            } else if (c.at("DEFINER")) {
                skipDefiner();
            } else if (c.at("ALGORITHM")) {
                c.p++;
                c.acceptSymbol('=');
                c.p++;
            } else if (c.at("SQL", "SECURITY")) {
                c.p += 3;
            } else if (c.atAny(CREATE_MODIFIERS) || c.at("CONSTRAINT", "TRIGGER") || c.at("NO", "FORCE")) {
                c.p++;
            } else {
                break;
            }
        }
        switch (c.word()) {
            case "TABLE" -> createTable(temporary);
            case "INDEX" -> createIndex(unique);
            case "VIEW" -> createView(materialized, orReplace, temporary);
            case "SEQUENCE" -> createSequence(temporary);
            case "SCHEMA" -> createSchema();
            case "DATABASE" -> {
                if (c.rules.databasesAreSchemas()) {
                    createSchema();
                } else {
                    unrecognized.read(Action.CREATE);
                }
            }
            default -> unrecognized.read(Action.CREATE);
        }
    }

    /** MySQL's {@code DEFINER = user@host | CURRENT_USER[()]}. */
    private void skipDefiner() {
        c.p++;
        c.acceptSymbol('=');
        if (c.at("CURRENT_USER")) {
            c.p++;
            if (c.atSymbol('(')) {
                c.skipBalanced();
            }
            return;
        }
        c.p++;
        if (c.atSymbol('@')) {
            c.p += 2;
        } else if (c.atWord() && c.t.text(c.p).startsWith("@")) {
            c.p++;
        }
    }

    private void createTable(boolean temporary) {
        c.p++;
        boolean ifNotExists = c.acceptIfNotExists();
        QualifiedName name = c.qualifiedName();
        List<ColumnDefinition> columns = new ArrayList<>();
        List<ConstraintDefinition> constraints = new ArrayList<>();
        QualifiedName like = null;
        QualifiedName partitionOf = null;
        if (c.accept("PARTITION", "OF")) {
            partitionOf = c.qualifiedName();
        } else if (c.accept("LIKE")) {
            like = c.qualifiedName();
        } else if (c.at("OF")) {
            c.p += 2;
        }
        if (c.atSymbol('(') && !startsQuery(c.p + 1)) {
            like = definitions.tableElements(columns, constraints, like);
        }
        Tokens t = c.t;
        int query = c.findOutsideParentheses(c.end,
                i -> t.isWord(i, "AS") || t.isWord(i, "SELECT") || (t.isSymbol(i, '(') && startsQuery(i + 1)));
        boolean asQuery = query < c.end;
        boolean partitioned = c.findOutsideParentheses(query, i -> t.isWord(i, "PARTITION") && t.isWord(i + 1, "BY"))
                < query;
        out.add(new CreateTable(c.sql, name, temporary, ifNotExists, columns, constraints, Optional.ofNullable(like),
                Optional.ofNullable(partitionOf), partitioned, asQuery));
    }

    private boolean startsQuery(int token) {
        return c.isAny(token, QUERY_STARTS);
    }

    private void createIndex(boolean unique) {
        c.p++;
        boolean concurrently = c.accept("CONCURRENTLY");
        boolean ifNotExists = c.acceptIfNotExists();
        QualifiedName name = null;
        if (!c.at("ON")) {
            name = c.qualifiedName();
        }
        if (c.accept("USING")) {
            c.p++;
        }
        c.expect("ON");
        c.accept("ONLY");
        QualifiedName table = c.qualifiedName();
        if (c.accept("USING")) {
            c.p++;
        }
        List<String> columns = c.atSymbol('(') ? c.expressionList() : List.of();
        out.add(new CreateIndex(c.sql, Optional.ofNullable(name), table, unique, concurrently, ifNotExists, columns));
    }

    private void createView(boolean materialized, boolean orReplace, boolean temporary) {
        c.p++;
        boolean ifNotExists = c.acceptIfNotExists();
        out.add(new CreateView(c.sql, c.qualifiedName(), materialized, orReplace, temporary, ifNotExists));
    }

    private void createSequence(boolean temporary) {
        c.p++;
        boolean ifNotExists = c.acceptIfNotExists();
        out.add(new CreateSequence(c.sql, c.qualifiedName(), temporary, ifNotExists));
    }

    private void createSchema() {
        c.p++;
        boolean ifNotExists = c.acceptIfNotExists();
        QualifiedName name;
        if (c.accept("AUTHORIZATION")) {
            name = QualifiedName.of(c.identifier());
        } else {
            name = c.qualifiedName();
        }
        out.add(new CreateSchema(c.sql, name, ifNotExists));
    }

    private void drop() {
        c.p++;
        boolean temporary = c.accept("TEMPORARY");
        switch (c.word()) {
            case "TABLE" -> {
                c.p++;
                boolean ifExists = c.acceptIfExists();
                List<QualifiedName> names = c.nameList();
                out.add(new DropTable(c.sql, names, temporary, ifExists, c.restHasCascade()));
            }
            case "INDEX" -> {
                c.p++;
                boolean concurrently = c.accept("CONCURRENTLY");
                boolean ifExists = c.acceptIfExists();
                List<QualifiedName> names = c.nameList();
                QualifiedName table = c.accept("ON") ? c.qualifiedName() : null;
                out.add(new DropIndex(c.sql, names, Optional.ofNullable(table), concurrently, ifExists,
                        c.restHasCascade()));
            }
            case "VIEW" -> dropView(false);
            case "MATERIALIZED" -> {
                c.p++;
                if (!c.at("VIEW")) {
                    throw new TokenCursor.Unreadable();
                }
                dropView(true);
            }
            case "SEQUENCE" -> {
                c.p++;
                boolean ifExists = c.acceptIfExists();
                out.add(new DropSequence(c.sql, c.nameList(), ifExists, c.restHasCascade()));
            }
            case "SCHEMA" -> dropSchema();
            case "DATABASE" -> {
                if (c.rules.databasesAreSchemas()) {
                    dropSchema();
                } else {
                    unrecognized.read(Action.DROP);
                }
            }
            default -> unrecognized.read(Action.DROP);
        }
    }

    private void dropView(boolean materialized) {
        c.p++;
        boolean ifExists = c.acceptIfExists();
        out.add(new DropView(c.sql, c.nameList(), materialized, ifExists, c.restHasCascade()));
    }

    private void dropSchema() {
        c.p++;
        boolean ifExists = c.acceptIfExists();
        out.add(new DropSchema(c.sql, c.nameList(), ifExists, c.restHasCascade()));
    }

    private void truncate() {
        c.p++;
        c.accept("TABLE");
        c.accept("ONLY");
        List<QualifiedName> names = new ArrayList<>();
        do {
            c.accept("ONLY");
            names.add(c.qualifiedName());
            c.acceptSymbol('*');
        } while (c.acceptSymbol(','));
        out.add(new TruncateTable(c.sql, names, c.actionHas("RESTART", "IDENTITY"), c.restHasCascade()));
    }

    /** {@code RENAME TABLE a TO b, ...}, and Oracle's {@code RENAME a TO b}. */
    private void renameTables() {
        c.p++;
        if (!c.accept("TABLE") && !c.accept("TABLES") && c.rules.renameNamesKind()) {
            unrecognized.read(Action.ALTER);
            return;
        }
        do {
            QualifiedName from = c.qualifiedName();
            c.expect("TO");
            out.add(new RenameTable(c.sql, from, c.qualifiedName()));
        } while (c.acceptSymbol(','));
    }

    /** SQL Server's {@code EXEC sp_rename 'old', 'new' [, 'COLUMN' | 'INDEX' | 'OBJECT']}. */
    private void spRename() {
        Tokens t = c.t;
        c.p += 2;
        List<String> args = new ArrayList<>(3);
        while (c.hasMore()) {
            if (t.kind(c.p) == Tokens.STRING) {
                args.add(t.stringValue(c.p));
            } else if (t.kind(c.p) == Tokens.WORD && !t.text(c.p).startsWith("@")) {
                args.add(t.text(c.p));
            }
            c.p++;
        }
        if (args.size() < 2) {
            throw new TokenCursor.Unreadable();
        }
        List<Identifier> old = namePartsOf(args.get(0));
        String type = args.size() > 2 ? args.get(2) : "OBJECT";
        if (type.equalsIgnoreCase("COLUMN") && old.size() >= 2) {
            Identifier column = old.remove(old.size() - 1);
            out.add(new RenameColumn(c.sql, TokenCursor.toQualifiedName(old), column, namePartsOf(args.get(1)).get(0)));
        } else if (type.equalsIgnoreCase("OBJECT")) {
            List<Identifier> renamed = namePartsOf(args.get(1));
            out.add(new RenameTable(c.sql, TokenCursor.toQualifiedName(old),
                    QualifiedName.of(renamed.get(renamed.size() - 1))));
        } else {
            ObjectKind kind = type.equalsIgnoreCase("INDEX") ? ObjectKind.INDEX : ObjectKind.OTHER;
            Identifier name = old.remove(old.size() - 1);
            out.add(new UnrecognizedDdl(c.sql, Action.ALTER, kind, List.of(QualifiedName.of(name)),
                    old.isEmpty() ? Optional.empty() : Optional.of(TokenCursor.toQualifiedName(old))));
        }
    }

    /** The name parts an {@code sp_rename} argument holds: {@code 'dbo.t.c'}, {@code '[dbo].[t]'}. */
    private List<Identifier> namePartsOf(String text) {
        Tokens inner = SqlLexer.tokenize(text, c.rules);
        List<Identifier> parts = new ArrayList<>(3);
        for (int i = 0; i < inner.size(); i++) {
            int kind = inner.kind(i);
            if (kind == Tokens.WORD || kind == Tokens.QUOTED) {
                parts.add(new Identifier(inner.identifierValue(i), kind == Tokens.QUOTED));
            }
        }
        if (parts.isEmpty()) {
            throw new TokenCursor.Unreadable();
        }
        return parts;
    }
}
