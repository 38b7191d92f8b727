package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table constraint, written at table level or inline on a column. Immutable and thread-safe.
 *
 * @param name       the constraint's name, when the statement gives one
 * @param type       primary key, unique, foreign key, check, ...
 * @param columns    the constrained columns (for an inline constraint, its column)
 * @param references the referenced table and columns of a foreign key; empty for other types
 * @param sql        the constraint's text as written, without a leading {@code CONSTRAINT name}
 */
public record ConstraintDefinition(Optional<Identifier> name, ConstraintType type, List<Identifier> columns,
                                   Optional<ForeignKeyReference> references, String sql) {
    public ConstraintDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        columns = List.copyOf(columns);
        Objects.requireNonNull(references, "references");
        Objects.requireNonNull(sql, "sql");
        if (type == ConstraintType.FOREIGN_KEY && references.isEmpty()) {
            throw new IllegalArgumentException("a foreign key needs its references");
        }
    }
}
