package io.ddlguard.element;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (...)}, including the {@code AS query},
 * {@code LIKE other}, {@code PARTITION OF parent} and {@code PARTITION BY} forms. Immutable and thread-safe.
 *
 * @param columns     the declared columns, in order; empty for {@code AS query} and {@code LIKE}
 * @param constraints the table-level constraints, in order
 * @param like        the table named by {@code LIKE}, if any
 * @param partitionOf the parent named by {@code PARTITION OF}, if any
 * @param partitioned whether the table is declared {@code PARTITION BY}
 * @param asQuery     whether the table is created {@code AS} a query
 */
public record CreateTable(String sql, QualifiedName name, boolean temporary, boolean ifNotExists,
                          List<ColumnDefinition> columns, List<ConstraintDefinition> constraints,
                          Optional<QualifiedName> like, Optional<QualifiedName> partitionOf,
                          boolean partitioned, boolean asQuery) implements DdlElement {
    public CreateTable {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        constraints = List.copyOf(constraints);
        Objects.requireNonNull(like, "like");
        Objects.requireNonNull(partitionOf, "partitionOf");
    }

    /** Every foreign key of the table, table-level and inline, in statement order. */
    public List<ConstraintDefinition> foreignKeys() {
        List<ConstraintDefinition> fks = new ArrayList<>();
        for (ColumnDefinition c : columns) {
            for (ConstraintDefinition cd : c.constraints()) {
                if (cd.type() == ConstraintType.FOREIGN_KEY) {
                    fks.add(cd);
                }
            }
        }
        for (ConstraintDefinition cd : constraints) {
            if (cd.type() == ConstraintType.FOREIGN_KEY) {
                fks.add(cd);
            }
        }
        return List.copyOf(fks);
    }

    @Override public Action action() { return Action.CREATE; }
    @Override public ObjectKind objectKind() { return ObjectKind.TABLE; }
    @Override public List<QualifiedName> names() { return List.of(name); }
}
