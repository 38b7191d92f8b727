package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The target of a {@code FOREIGN KEY} or {@code REFERENCES} clause. Immutable and thread-safe.
 *
 * @param table    the referenced table
 * @param columns  the referenced columns; empty when the clause names none (the primary key)
 * @param onDelete the {@code ON DELETE} action as written ({@code "CASCADE"}, {@code "SET NULL"}), if any
 * @param onUpdate the {@code ON UPDATE} action as written, if any
 */
public record ForeignKeyReference(QualifiedName table, List<Identifier> columns,
                                  Optional<String> onDelete, Optional<String> onUpdate) {
    public ForeignKeyReference {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        Objects.requireNonNull(onDelete, "onDelete");
        Objects.requireNonNull(onUpdate, "onUpdate");
    }
}
