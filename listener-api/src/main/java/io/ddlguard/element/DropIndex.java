package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code DROP INDEX [CONCURRENTLY] [IF EXISTS] a [, b] [CASCADE]}, or MySQL's and SQL Server's
 * {@code DROP INDEX ix ON t}. Immutable and thread-safe.
 *
 * @param onTable the table named by {@code ON t} (MySQL, SQL Server), if written
 */
public record DropIndex(String sql, List<QualifiedName> names, Optional<QualifiedName> onTable, boolean concurrently,
                        boolean ifExists, boolean cascade) implements DdlElement {
    public DropIndex {
        Objects.requireNonNull(sql, "sql");
        names = List.copyOf(names);
        Objects.requireNonNull(onTable, "onTable");
    }

    @Override public Action action() { return Action.DROP; }
    @Override public ObjectKind objectKind() { return ObjectKind.INDEX; }
    @Override public Optional<QualifiedName> table() { return onTable; }
}
