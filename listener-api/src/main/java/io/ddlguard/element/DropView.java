package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/** {@code DROP [MATERIALIZED] VIEW [IF EXISTS] a [, b] [CASCADE]}. Immutable and thread-safe. */
public record DropView(String sql, List<QualifiedName> names, boolean materialized, boolean ifExists, boolean cascade)
        implements DdlElement {
    public DropView {
        Objects.requireNonNull(sql, "sql");
        names = List.copyOf(names);
    }

    @Override public Action action() { return Action.DROP; }
    @Override public ObjectKind objectKind() { return materialized ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW; }
}
