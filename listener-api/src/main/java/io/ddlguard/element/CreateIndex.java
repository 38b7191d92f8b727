package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON table (...)}. Immutable and thread-safe.
 *
 * @param name    the index name; empty for PostgreSQL's unnamed form, where the database picks one
 * @param columns the indexed columns as written (expressions in their text)
 */
public record CreateIndex(String sql, Optional<QualifiedName> name, QualifiedName onTable, boolean unique,
                          boolean concurrently, boolean ifNotExists, List<String> columns) implements DdlElement {
    public CreateIndex {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(onTable, "onTable");
        columns = List.copyOf(columns);
    }

    @Override public Action action() { return Action.CREATE; }
    @Override public ObjectKind objectKind() { return ObjectKind.INDEX; }
    @Override public List<QualifiedName> names() { return name.map(List::of).orElse(List.of()); }
    @Override public Optional<QualifiedName> table() { return Optional.of(onTable); }
}
