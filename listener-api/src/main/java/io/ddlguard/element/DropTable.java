package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/** {@code DROP TABLE [IF EXISTS] a [, b ...] [CASCADE | RESTRICT]}: one element for all its tables. Immutable and thread-safe. */
public record DropTable(String sql, List<QualifiedName> names, boolean temporary, boolean ifExists, boolean cascade)
        implements DdlElement {
    public DropTable {
        Objects.requireNonNull(sql, "sql");
        names = List.copyOf(names);
    }

    @Override public Action action() { return Action.DROP; }
    @Override public ObjectKind objectKind() { return ObjectKind.TABLE; }
}
