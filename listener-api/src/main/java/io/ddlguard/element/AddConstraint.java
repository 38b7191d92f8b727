package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ALTER TABLE t ADD [CONSTRAINT name] ...}: fires create events for the constraint. Immutable and thread-safe.
 *
 * @param notValid whether PostgreSQL's {@code NOT VALID} was given
 */
public record AddConstraint(String sql, QualifiedName onTable, ConstraintDefinition constraint, boolean notValid)
        implements DdlElement {
    public AddConstraint {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(onTable, "onTable");
        Objects.requireNonNull(constraint, "constraint");
    }

    @Override public Action action() { return Action.CREATE; }
    @Override public ObjectKind objectKind() { return ObjectKind.CONSTRAINT; }
    @Override public List<QualifiedName> names() {
        return constraint.name().map(n -> List.of(QualifiedName.of(n))).orElse(List.of());
    }
    @Override public Optional<QualifiedName> table() { return Optional.of(onTable); }
}
