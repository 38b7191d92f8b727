package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code ALTER TABLE t RENAME [COLUMN] a TO b}, and SQL Server's {@code sp_rename 't.a', 'b', 'COLUMN'}. Immutable and thread-safe. */
public record RenameColumn(String sql, QualifiedName onTable, Identifier column, Identifier newName)
        implements DdlElement {
    public RenameColumn {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(onTable, "onTable");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(newName, "newName");
    }

    @Override public Action action() { return Action.ALTER; }
    @Override public ObjectKind objectKind() { return ObjectKind.COLUMN; }
    @Override public List<QualifiedName> names() { return List.of(QualifiedName.of(column)); }
    @Override public Optional<QualifiedName> table() { return Optional.of(onTable); }
}
