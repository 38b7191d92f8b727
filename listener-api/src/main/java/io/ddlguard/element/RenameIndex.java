package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/**
 * {@code ALTER INDEX [IF EXISTS] a RENAME TO b}: the index keeps its schema and takes the new name. Immutable and
 * thread-safe.
 *
 * @param name    the index's name as written, before the rename
 * @param newName the name it takes
 */
public record RenameIndex(String sql, QualifiedName name, QualifiedName newName) implements DdlElement {
    public RenameIndex {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(newName, "newName");
    }

    @Override public Action action() { return Action.ALTER; }
    @Override public ObjectKind objectKind() { return ObjectKind.INDEX; }
    @Override public List<QualifiedName> names() { return List.of(name); }
}
