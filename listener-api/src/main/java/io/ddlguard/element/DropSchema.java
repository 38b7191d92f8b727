package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/** {@code DROP SCHEMA [IF EXISTS] a [, b] [CASCADE]}, and MySQL's {@code DROP DATABASE}. Immutable and thread-safe. */
public record DropSchema(String sql, List<QualifiedName> names, boolean ifExists, boolean cascade)
        implements DdlElement {
    public DropSchema {
        Objects.requireNonNull(sql, "sql");
        names = List.copyOf(names);
    }

    @Override public Action action() { return Action.DROP; }
    @Override public ObjectKind objectKind() { return ObjectKind.SCHEMA; }
}
