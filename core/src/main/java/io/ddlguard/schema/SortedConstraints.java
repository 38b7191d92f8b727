package io.ddlguard.schema;

import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link TableSorter#sortTablesAndConstraints}: SQLAlchemy's list of {@code (table, constraints)}
 * pairs. Immutable and thread-safe.
 *
 * @param entries one entry per table in dependency order, with the foreign keys to create together with it; then
 *                always a final entry without a table that holds the deferred foreign keys, to create with
 *                {@code ALTER TABLE ... ADD} after every table (and drop before them)
 * @param cycle   the tables of foreign-key cycles, sorted by their unquoted full names; empty when there is none
 * @param warning a description of the cycle, if there is one (not logged: deferring is this form's answer)
 */
public record SortedConstraints(List<Entry> entries, List<QualifiedName> cycle, Optional<String> warning) {

    public SortedConstraints {
        entries = List.copyOf(entries);
        if (entries.isEmpty() || entries.get(entries.size() - 1).table().isPresent()) {
            throw new IllegalArgumentException("the last entry must be the one without a table");
        }
        cycle = List.copyOf(cycle);
        Objects.requireNonNull(warning, "warning");
    }

    /**
     * One step: a table and the foreign keys created with it, or — the final entry — no table and the deferred
     * foreign keys.
     */
    public record Entry(Optional<Table> table, List<ForeignKey> foreignKeys) {
        public Entry {
            Objects.requireNonNull(table, "table");
            foreignKeys = List.copyOf(foreignKeys);
        }

        @Override
        public String toString() {
            return table.map(Table::toString).orElse("(none)") + " " + foreignKeys;
        }
    }

    /** The tables in dependency order, without the final entry. */
    public List<Table> tables() {
        List<Table> tables = new ArrayList<>(entries.size() - 1);
        for (Entry e : entries) {
            e.table().ifPresent(tables::add);
        }
        return tables;
    }

    /** The foreign keys of the final entry: those created after, and dropped before, every table. */
    public List<ForeignKey> deferred() {
        return entries.get(entries.size() - 1).foreignKeys();
    }
}
