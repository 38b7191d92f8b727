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
 * @param start      where the whole definition, {@code CONSTRAINT name} included, starts in the text of the
 *                   statement it was read from (that element's {@code sql()}); -1 when it was not read from text
 * @param end        where that definition ends (exclusive); -1 when it was not read from text
 */
public record ConstraintDefinition(Optional<Identifier> name, ConstraintType type, List<Identifier> columns,
                                   Optional<ForeignKeyReference> references, String sql, int start, int end) {
    public ConstraintDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        columns = List.copyOf(columns);
        Objects.requireNonNull(references, "references");
        Objects.requireNonNull(sql, "sql");
        if (type == ConstraintType.FOREIGN_KEY && references.isEmpty()) {
            throw new IllegalArgumentException("a foreign key needs its references");
        }
        if (start < -1 || end < -1 || (start == -1) != (end == -1) || end < start) {
            throw new IllegalArgumentException("bad position " + start + ".." + end + " of constraint " + sql);
        }
    }

    /** A constraint that was not read from a statement's text (built by hand, or reflected from a catalog). */
    public ConstraintDefinition(Optional<Identifier> name, ConstraintType type, List<Identifier> columns,
                                Optional<ForeignKeyReference> references, String sql) {
        this(name, type, columns, references, sql, -1, -1);
    }

    /** Whether {@link #start()} and {@link #end()} locate the definition in its statement's text. */
    public boolean hasPosition() {
        return start >= 0;
    }
}
