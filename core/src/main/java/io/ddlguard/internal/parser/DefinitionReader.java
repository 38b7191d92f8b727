package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.ColumnDefinition;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.ForeignKeyReference;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the definitions CREATE TABLE and ALTER TABLE share: columns, constraints and foreign-key references.
 */
abstract class DefinitionReader extends TokenCursor {

    DefinitionReader(Tokens tokens, int first, int end, String sql, DialectRules rules, List<DdlElement> out) {
        super(tokens, first, end, sql, rules, out);
    }

    boolean startsQuery(int i) {
        return t.isWord(i, "SELECT") || t.isWord(i, "WITH") || t.isWord(i, "VALUES");
    }

    /** Reads {@code ( element, ... )}; returns the table named by a {@code LIKE} element, else {@code like}. */
    QualifiedName tableElements(List<ColumnDefinition> columns, List<ConstraintDefinition> constraints,
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

    boolean atConstraintKeyword() {
        return at("PRIMARY") || at("UNIQUE") || at("FOREIGN") || at("CHECK") || at("EXCLUDE");
    }

    ConstraintDefinition constraintBody(Identifier name, int start) {
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
        return new ConstraintDefinition(Optional.ofNullable(name), type, columns, Optional.ofNullable(references), text,
                offset(start), endOffset(p));
    }

    void skipIndexType() {
        if (accept("USING")) {
            p++;
        }
        if (at("CLUSTERED") || at("NONCLUSTERED")) {
            p++;
        }
    }

    ForeignKeyReference references() {
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

    ColumnDefinition columnDefinition() {
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
        int constraintStart = -1;
        while (p < end && !atListEnd()) {
            int start = p;
            if (accept("CONSTRAINT")) {
                constraintName = atName() ? identifier() : null;
                constraintStart = start;
                continue;
            }
            int from = constraintStart >= 0 ? constraintStart : start;
            if (at("NOT") && t.isWord(p + 1, "NULL")) {
                p += 2;
                notNull = true;
            } else if (at("PRIMARY")) {
                p++;
                accept("KEY");
                notNull = true;
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), ConstraintType.PRIMARY_KEY,
                        List.of(name), Optional.empty(), text(start, p), offset(from), endOffset(p)));
            } else if (at("UNIQUE")) {
                p++;
                accept("KEY");
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), ConstraintType.UNIQUE,
                        List.of(name), Optional.empty(), text(start, p), offset(from), endOffset(p)));
            } else if (at("REFERENCES")) {
                ForeignKeyReference ref = references();
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), ConstraintType.FOREIGN_KEY,
                        List.of(name), Optional.of(ref), text(start, p), offset(from), endOffset(p)));
            } else if (at("CHECK")) {
                p++;
                skipBalanced();
                constraints.add(new ConstraintDefinition(Optional.ofNullable(constraintName), ConstraintType.CHECK,
                        List.of(name), Optional.empty(), text(start, p), offset(from), endOffset(p)));
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
            constraintStart = -1;
        }
        return new ColumnDefinition(name, type, notNull, Optional.ofNullable(defaultValue), constraints);
    }

    boolean atColumnKeyword() {
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


    String typeText() {
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
}
