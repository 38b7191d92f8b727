package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code ALTER TABLE t DROP [COLUMN] [IF EXISTS] c [CASCADE]}. Immutable and thread-safe. */
public record DropColumn(String sql, QualifiedName onTable, Identifier column, boolean ifExists, boolean cascade)
        implements DdlElement {
    public DropColumn {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(onTable, "onTable");
        Objects.requireNonNull(column, "column");
    }

    @Override public Action action() { return Action.ALTER; }
    @Override public ObjectKind objectKind() { return ObjectKind.COLUMN; }
    @Override public List<QualifiedName> names() { return List.of(QualifiedName.of(column)); }
    @Override public Optional<QualifiedName> table() { return Optional.of(onTable); }
}
