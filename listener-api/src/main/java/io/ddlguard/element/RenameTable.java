package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/** {@code ALTER TABLE a RENAME TO b}, MySQL's {@code RENAME TABLE a TO b} (one element per pair), SQL Server's {@code sp_rename}. Immutable and thread-safe. */
public record RenameTable(String sql, QualifiedName name, QualifiedName newName) implements DdlElement {
    public RenameTable {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(newName, "newName");
    }

    @Override public Action action() { return Action.ALTER; }
    @Override public ObjectKind objectKind() { return ObjectKind.TABLE; }
    @Override public List<QualifiedName> names() { return List.of(name); }
}
