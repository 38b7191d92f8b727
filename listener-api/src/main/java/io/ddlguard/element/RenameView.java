package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/**
 * {@code ALTER [MATERIALIZED] VIEW [IF EXISTS] a RENAME TO b}: the view keeps its schema and takes the new name.
 * Immutable and thread-safe.
 *
 * @param name         the view's name as written, before the rename
 * @param newName      the name it takes
 * @param materialized whether it is a materialized view
 */
public record RenameView(String sql, QualifiedName name, QualifiedName newName, boolean materialized)
        implements DdlElement {
    public RenameView {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(newName, "newName");
    }

    @Override public Action action() { return Action.ALTER; }
    @Override public ObjectKind objectKind() { return materialized ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW; }
    @Override public List<QualifiedName> names() { return List.of(name); }
}
