package io.ddlguard.schema;

import io.ddlguard.element.QualifiedName;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link TableSorter#sortTables}: the tables, each after the tables it depends on. Immutable and
 * thread-safe.
 *
 * @param tables  the tables in dependency order (the order to create them; reverse it to drop them)
 * @param cycle   the tables of foreign-key cycles, sorted by their unquoted full names; empty when there is none
 * @param warning what was logged at WARN about the cycle, if there is one
 */
public record SortedTables(List<Table> tables, List<QualifiedName> cycle, Optional<String> warning) {
    public SortedTables {
        tables = List.copyOf(tables);
        cycle = List.copyOf(cycle);
        Objects.requireNonNull(warning, "warning");
    }
}
