package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A column as declared in {@code CREATE TABLE} or {@code ADD COLUMN}. Immutable and thread-safe.
 *
 * @param name          the column name
 * @param type          the data type as written ({@code "varchar(40)"}); empty when omitted (SQLite)
 * @param notNull       whether it is declared {@code NOT NULL} (or {@code PRIMARY KEY})
 * @param defaultValue  the {@code DEFAULT} expression as written, if any
 * @param constraints   inline constraints: {@code PRIMARY KEY}, {@code UNIQUE}, {@code REFERENCES}, {@code CHECK}
 */
public record ColumnDefinition(Identifier name, String type, boolean notNull, Optional<String> defaultValue,
                               List<ConstraintDefinition> constraints) {
    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        constraints = List.copyOf(constraints);
    }
}
