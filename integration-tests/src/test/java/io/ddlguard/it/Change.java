package io.ddlguard.it;

import io.ddlguard.element.Action;
import io.ddlguard.element.ObjectKind;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One change a statement made, as the engine's catalog showed it (or, where the catalog cannot show it, as a
 * test wrote it by hand). The parser must report each change with one element name.
 *
 * @param kinds        the object kinds a parser may report it as (a MySQL unique key is both an index and a
 *                     constraint; either is right)
 * @param schema       the object's schema (for table-level objects, the table's); null for a schema itself or
 *                     when any schema will do
 * @param table        the table of an index, constraint, column or trigger; null otherwise
 * @param name         the object's name as the catalog stores it; null when any name will do
 * @param unrecognized whether the parser must give it as {@code UnrecognizedDdl}
 * @param note         what the catalog showed, for the report
 */
record Change(Action action, Set<ObjectKind> kinds, String schema, String table, String name, boolean unrecognized,
              String note) {

    Change {
        Objects.requireNonNull(action, "action");
        kinds = Set.copyOf(kinds);
        note = Objects.requireNonNullElse(note, "");
    }

    static Change of(Action action, ObjectKind kind, CatalogSnapshot.Ref ref, String note) {
        return new Change(action, Set.of(kind), ref.schema(), ref.table(), ref.name(), false, note);
    }

    static Change of(Action action, Set<ObjectKind> kinds, CatalogSnapshot.Ref ref, String note) {
        return new Change(action, kinds, ref.schema(), ref.table(), ref.name(), false, note);
    }

    /** A hand-written expectation: {@code kind name} (in the default schema), optionally {@code on table}. */
    static Change expected(Action action, ObjectKind kind, String table, String name) {
        return new Change(action, Set.of(kind), null, table, name, false, "hand-written");
    }

    /** A hand-written expectation of one {@code UnrecognizedDdl} with this action, of any kind and name. */
    static Change unrecognized(Action action) {
        return new Change(action, EnumSet.allOf(ObjectKind.class), null, null, null, true, "hand-written");
    }

    @Override
    public String toString() {
        String kindText = kinds.size() == ObjectKind.values().length ? "<any kind>"
                : kinds.stream().map(Enum::name).sorted().collect(Collectors.joining("|"));
        StringBuilder sb = new StringBuilder().append(action).append(' ').append(kindText).append(' ');
        if (schema != null && table == null) {
            sb.append(schema).append('.');
        }
        sb.append(name == null ? "<any name>" : name);
        if (table != null) {
            sb.append(" on ").append(schema == null ? "" : schema + ".").append(table);
        }
        if (unrecognized || CatalogDiff.isUnrecognizedKind(kinds)) {
            sb.append(" (as UnrecognizedDdl)");
        }
        if (!note.isEmpty()) {
            sb.append(" [").append(note).append(']');
        }
        return sb.toString();
    }
}
