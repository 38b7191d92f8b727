package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/** {@code CREATE [OR REPLACE] [TEMPORARY] [MATERIALIZED] VIEW [IF NOT EXISTS] name AS ...}. Immutable and thread-safe. */
public record CreateView(String sql, QualifiedName name, boolean materialized, boolean orReplace, boolean temporary,
                         boolean ifNotExists) implements DdlElement {
    public CreateView {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(name, "name");
    }

    @Override public Action action() { return Action.CREATE; }
    @Override public ObjectKind objectKind() { return materialized ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW; }
    @Override public List<QualifiedName> names() { return List.of(name); }
}
