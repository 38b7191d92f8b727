package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] c type ...}. Immutable and thread-safe. */
public record AddColumn(String sql, QualifiedName onTable, ColumnDefinition column, boolean ifNotExists)
        implements DdlElement {
    public AddColumn {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(onTable, "onTable");
        Objects.requireNonNull(column, "column");
    }

    @Override public Action action() { return Action.ALTER; }
    @Override public ObjectKind objectKind() { return ObjectKind.COLUMN; }
    @Override public List<QualifiedName> names() { return List.of(QualifiedName.of(column.name())); }
    @Override public Optional<QualifiedName> table() { return Optional.of(onTable); }
}
