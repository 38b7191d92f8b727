package io.ddlguard.internal.parser;

import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.element.ColumnDefinition;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.ForeignKeyReference;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the definitions CREATE TABLE and ALTER TABLE share: columns, constraints and foreign-key references. It
 * returns what it reads and adds no element itself. Not thread-safe: one per statement.
 */
final class DefinitionReader {

    /** The words that start a table constraint without a {@code CONSTRAINT name} before it. */
    private static final Set<String> CONSTRAINT_KEYWORDS = Set.of("PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE");
    /** The words that start an index defined among a table's elements (MySQL's {@code KEY k (a)}). */
    private static final Set<String> INDEX_KEYWORDS = Set.of("KEY", "INDEX", "FULLTEXT", "SPATIAL");
    /** The words after a column's name that end its type and start one of its clauses. */
    private static final Set<String> COLUMN_CLAUSES = Set.of("CONSTRAINT", "NULL", "PRIMARY", "UNIQUE", "REFERENCES",
            "CHECK", "DEFAULT", "GENERATED", "COLLATE", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "COMMENT", "AS",
            "ON", "VISIBLE", "INVISIBLE", "STORAGE", "COMPRESSION", "FIRST", "AFTER", "BEFORE", "ENCODE");

    private final TokenCursor c;

    DefinitionReader(TokenCursor cursor) {
        this.c = cursor;
    }

    /** Reads {@code ( element, ... )}; returns the table named by a {@code LIKE} element, else {@code like}. */
    QualifiedName tableElements(List<ColumnDefinition> columns, List<ConstraintDefinition> constraints,
                                QualifiedName like) {
        c.expectSymbol('(');
        while (c.hasMore() && !c.atSymbol(')')) {
            if (c.at("CONSTRAINT")) {
                int start = c.p;
                c.p++;
                Identifier cname = c.atName() && !atConstraintKeyword() ? c.identifier() : null;
                constraints.add(constraintBody(cname, start));
            } else if (atConstraintKeyword() && !(c.at("EXCLUDE") && !(c.nextIs("USING") || c.nextIs('(')))) {
                constraints.add(constraintBody(null, c.p));
            } else if (c.accept("LIKE")) {
                like = c.qualifiedName();
            } else if (c.rules.indexesInTableDefinition() && atIndexKeyword()) {
                c.skipToListEnd();
            } else if (c.at("PERIOD", "FOR")) {
                c.skipToListEnd();
            } else {
                columns.add(columnDefinition());
            }
            c.skipToListEnd();
            if (!c.acceptSymbol(',')) {
                break;
            }
        }
        c.acceptSymbol(')');
        return like;
    }

    boolean atConstraintKeyword() {
        return c.atAny(CONSTRAINT_KEYWORDS);
    }

    /** Whether the cursor is at the word that starts an index definition: {@code KEY}, {@code INDEX}, ... */
    boolean atIndexKeyword() {
        return c.atAny(INDEX_KEYWORDS);
    }

    /** The constraint after its {@code CONSTRAINT name} (or none), which starts at token {@code start}. */
    ConstraintDefinition constraintBody(Identifier name, int start) {
        int bodyStart = c.p;
        ConstraintType type;
        List<Identifier> columns = List.of();
        ForeignKeyReference references = null;
        if (c.accept("PRIMARY")) {
            c.accept("KEY");
            type = ConstraintType.PRIMARY_KEY;
            skipIndexType();
            columns = c.identifierList();
        } else if (c.accept("UNIQUE")) {
            type = ConstraintType.UNIQUE;
            if (!c.accept("KEY")) {
                c.accept("INDEX");
            }
            if (c.accept("NULLS")) {
                c.accept("NOT");
                c.accept("DISTINCT");
            }
            if (c.atName() && !c.atSymbol('(') && !c.at("USING")) {
                Identifier indexName = c.identifier();
                if (name == null) {
                    name = indexName;
                }
            }
            skipIndexType();
            columns = c.identifierList();
        } else if (c.accept("FOREIGN")) {
            c.accept("KEY");
            type = ConstraintType.FOREIGN_KEY;
            if (c.atName() && !c.atSymbol('(')) {
                Identifier indexName = c.identifier();
                if (name == null) {
                    name = indexName;
                }
            }
            columns = c.identifierList();
            references = references();
        } else if (c.accept("CHECK")) {
            type = ConstraintType.CHECK;
            c.skipBalanced();
        } else if (c.accept("EXCLUDE")) {
            type = ConstraintType.EXCLUDE;
        } else {
            type = ConstraintType.OTHER;
        }
        c.skipToListEnd();
        String text = c.text(bodyStart, c.p);
        return new ConstraintDefinition(Optional.ofNullable(name), type, columns, Optional.ofNullable(references), text,
                c.offset(start), c.endOffset(c.p));
    }

    /** Skips an index's {@code USING method} and SQL Server's {@code CLUSTERED | NONCLUSTERED}. */
    void skipIndexType() {
        if (c.accept("USING")) {
            c.p++;
        }
        if (c.at("CLUSTERED") || c.at("NONCLUSTERED")) {
            c.p++;
        }
    }

    private ForeignKeyReference references() {
        if (!c.accept("REFERENCES")) {
            throw new TokenCursor.Unreadable();
        }
        QualifiedName table = c.qualifiedName();
        List<Identifier> columns = c.atSymbol('(') ? c.identifierList() : List.of();
        String onDelete = null;
        String onUpdate = null;
        while (c.hasMore()) {
            if (c.at("ON", "DELETE") || c.at("ON", "UPDATE")) {
                boolean delete = c.nextIs("DELETE");
                c.p += 2;
                int s = c.p;
                if (c.at("SET") || c.at("NO")) {
                    c.p++;
                }
                c.p++;
                if (c.atSymbol('(')) {
                    c.skipBalanced();
                }
                String action = c.text(s, Math.min(c.p, c.end));
                if (delete) {
                    onDelete = action;
                } else {
                    onUpdate = action;
                }
            } else if (c.at("MATCH")) {
                c.p += 2;
            } else {
                break;
            }
        }
        return new ForeignKeyReference(table, columns, Optional.ofNullable(onDelete), Optional.ofNullable(onUpdate));
    }

    ColumnDefinition columnDefinition() {
        Identifier name = c.identifier();
        int typeStart = c.p;
        skipToColumnClause();
        String type = c.p > typeStart ? c.text(typeStart, c.p) : "";
        boolean notNull = false;
        String defaultValue = null;
        List<ConstraintDefinition> constraints = new ArrayList<>();
        Identifier constraintName = null;
        int constraintStart = -1;
        while (c.hasMore() && !c.atListEnd()) {
            int start = c.p;
            if (c.accept("CONSTRAINT")) {
                constraintName = c.atName() ? c.identifier() : null;
                constraintStart = start;
                continue;
            }
            int from = constraintStart >= 0 ? constraintStart : start;
            ConstraintType constraintType = null;
            ForeignKeyReference reference = null;
            if (c.accept("NOT", "NULL")) {
                notNull = true;
            } else if (c.accept("PRIMARY")) {
                c.accept("KEY");
                notNull = true;
                constraintType = ConstraintType.PRIMARY_KEY;
            } else if (c.accept("UNIQUE")) {
                c.accept("KEY");
                constraintType = ConstraintType.UNIQUE;
            } else if (c.at("REFERENCES")) {
                reference = references();
                constraintType = ConstraintType.FOREIGN_KEY;
            } else if (c.accept("CHECK")) {
                c.skipBalanced();
                constraintType = ConstraintType.CHECK;
            } else if (c.accept("DEFAULT")) {
                int s = c.p;
                c.skipTerm();
                skipToColumnClause();
                defaultValue = c.text(s, c.p);
            } else {
                c.skipTerm();
            }
            if (constraintType != null) {
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), constraintType,
                        List.of(name), Optional.ofNullable(reference), c.text(start, c.p), c.offset(from),
                        c.endOffset(c.p)));
            }
            constraintName = null;
            constraintStart = -1;
        }
        return new ColumnDefinition(name, type, notNull, Optional.ofNullable(defaultValue), constraints);
    }

    /** Advances to the end of the column's definition or the word that starts one of its clauses. */
    private void skipToColumnClause() {
        while (c.hasMore() && !c.atListEnd() && !atColumnClause()) {
            c.skipTerm();
        }
    }

    private boolean atColumnClause() {
        if (!c.atWord()) {
            return false;
        }
        String word = c.word();
        if (word.equals("NOT")) {
            return c.nextIs("NULL") || c.nextIs("DEFERRABLE");
        }
        return COLUMN_CLAUSES.contains(word);
    }
}
