package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/** {@code DROP SEQUENCE [IF EXISTS] a [, b] [CASCADE]}. Immutable and thread-safe. */
public record DropSequence(String sql, List<QualifiedName> names, boolean ifExists, boolean cascade)
        implements DdlElement {
    public DropSequence {
        Objects.requireNonNull(sql, "sql");
        names = List.copyOf(names);
    }

    @Override public Action action() { return Action.DROP; }
    @Override public ObjectKind objectKind() { return ObjectKind.SEQUENCE; }
}
