package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code ALTER TABLE t DROP CONSTRAINT [IF EXISTS] name [CASCADE]}, and MySQL's {@code DROP FOREIGN KEY},
 * {@code DROP PRIMARY KEY}, {@code DROP CHECK}. Immutable and thread-safe.
 *
 * @param name the constraint's name; empty for MySQL's {@code DROP PRIMARY KEY}
 * @param type the constraint type when the syntax tells it ({@code DROP FOREIGN KEY}), else empty
 */
public record DropConstraint(String sql, QualifiedName onTable, Optional<Identifier> name,
                             Optional<ConstraintType> type, boolean ifExists, boolean cascade) implements DdlElement {
    public DropConstraint {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(onTable, "onTable");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    @Override public Action action() { return Action.DROP; }
    @Override public ObjectKind objectKind() { return ObjectKind.CONSTRAINT; }
    @Override public List<QualifiedName> names() { return name.map(n -> List.of(QualifiedName.of(n))).orElse(List.of()); }
    @Override public Optional<QualifiedName> table() { return Optional.of(onTable); }
}
