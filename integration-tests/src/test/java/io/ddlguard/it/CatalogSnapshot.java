package io.ddlguard.it;

import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.ObjectKind;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an engine's catalog showed at one moment: the parts a DDL statement can change. Immutable.
 *
 * <p>Names are kept exactly as the catalog stores them; comparing them is the job of a {@link NameRule}.
 *
 * @param schemas      schemas (MySQL: databases) in scope
 * @param relations    tables, views and sequences
 * @param tableObjects indexes, constraints and triggers
 * @param routines     functions, procedures and events (no table)
 */
record CatalogSnapshot(Set<String> schemas, Map<Ref, Relation> relations, Set<TableObject> tableObjects,
                       Map<Ref, ObjectKind> routines) {

    CatalogSnapshot {
        schemas = Set.copyOf(schemas);
        relations = Map.copyOf(relations);
        tableObjects = Set.copyOf(tableObjects);
        routines = Map.copyOf(routines);
    }

    /**
     * Where an object lives: {@code schema.name} for relations and routines, {@code schema.table.name} for
     * objects that belong to a table, {@code name} alone for a schema.
     */
    record Ref(String schema, String table, String name) {
        Ref {
            Objects.requireNonNull(name, "name");
        }

        static Ref schema(String name) {
            return new Ref(null, null, name);
        }

        static Ref relation(String schema, String name) {
            return new Ref(schema, null, name);
        }

        static Ref inTable(String schema, String table, String name) {
            return new Ref(schema, Objects.requireNonNull(table, "table"), name);
        }

        Ref tableRef() {
            return relation(schema, table);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (schema != null) {
                sb.append(schema).append('.');
            }
            if (table != null) {
                sb.append(table).append('.');
            }
            return sb.append(name).toString();
        }
    }

    /**
     * A table, view or sequence.
     *
     * @param definition what an in-place change alters: a view's query, a table's options (engine, comment),
     *                   a sequence's parameters
     */
    record Relation(ObjectKind kind, String definition, List<Column> columns) {
        Relation {
            Objects.requireNonNull(kind, "kind");
            definition = Objects.requireNonNullElse(definition, "");
            columns = List.copyOf(columns);
        }
    }

    /** One column of a table. {@code type} holds everything but nullability and position. */
    record Column(String name, int ordinal, String type, boolean nullable) {
    }

    /**
     * An index, constraint or trigger. An index and a constraint may share a name (MySQL's PRIMARY, a unique
     * key): they are two objects.
     *
     * @param type    for constraints the constraint type; for indexes {@code UNIQUE} or {@code OTHER}; null for triggers
     * @param backing whether the engine made it for a constraint by itself (H2's generated indexes, SQLite's
     *                autoindexes): it is never a change of its own
     */
    record TableObject(Ref ref, ObjectKind kind, ConstraintType type, List<String> columns, boolean backing) {
        TableObject {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(kind, "kind");
            columns = List.copyOf(columns);
        }

        /** What stays the same while the object exists: where it is and what kind it is. */
        String identity() {
            return kind + " " + ref;
        }
    }
}
