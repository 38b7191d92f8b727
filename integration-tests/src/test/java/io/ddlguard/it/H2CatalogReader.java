package io.ddlguard.it;

import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.it.CatalogSnapshot.Column;
import io.ddlguard.it.CatalogSnapshot.Ref;
import io.ddlguard.it.CatalogSnapshot.Relation;
import io.ddlguard.it.CatalogSnapshot.TableObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ddlguard.it.MySqlCatalogReader.queryForString;
import static io.ddlguard.it.MySqlCatalogReader.rows;

/**
 * Reads H2 2.x's {@code INFORMATION_SCHEMA}: SCHEMATA, TABLES, VIEWS, SEQUENCES, COLUMNS, INDEXES,
 * INDEX_COLUMNS, TABLE_CONSTRAINTS, KEY_COLUMN_USAGE, TRIGGERS. Indexes H2 generates for constraints
 * ({@code IS_GENERATED}) are marked as backing.
 */
final class H2CatalogReader implements CatalogReader {

    private static final String NOT_SYSTEM = " <> 'INFORMATION_SCHEMA'";

    @Override
    public String defaultSchema(Connection connection) throws SQLException {
        return queryForString(connection, "SELECT CURRENT_SCHEMA");
    }

    @Override
    public NameRule names() {
        return NameRule.EXACT;
    }

    @Override
    public CatalogSnapshot read(Connection c) throws SQLException {
        Set<String> schemas = new HashSet<>();
        for (List<String> r : rows(c, "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME" + NOT_SYSTEM)) {
            schemas.add(r.get(0));
        }
        Map<Ref, List<Column>> columns = new HashMap<>();
        for (List<String> r : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE,"
                + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, COLUMN_DEFAULT, IS_IDENTITY"
                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA" + NOT_SYSTEM)) {
            String type = r.get(4) + (r.get(5) != null ? "(" + r.get(5) + ")"
                    : r.get(7) != null && !"0".equals(r.get(7)) ? "(" + r.get(6) + "," + r.get(7) + ")" : "")
                    + (r.get(9) == null ? "" : " default " + r.get(9))
                    + ("YES".equals(r.get(10)) ? " identity" : "");
            columns.computeIfAbsent(Ref.relation(r.get(0), r.get(1)), k -> new ArrayList<>())
                    .add(new Column(r.get(2), Integer.parseInt(r.get(3)), type, "YES".equals(r.get(8))));
        }
        Map<Ref, Relation> relations = new HashMap<>();
        for (List<String> r : rows(c, "SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.TABLE_TYPE, t.REMARKS, v.VIEW_DEFINITION"
                + " FROM INFORMATION_SCHEMA.TABLES t LEFT JOIN INFORMATION_SCHEMA.VIEWS v"
                + " ON v.TABLE_SCHEMA = t.TABLE_SCHEMA AND v.TABLE_NAME = t.TABLE_NAME WHERE t.TABLE_SCHEMA" + NOT_SYSTEM)) {
            Ref ref = Ref.relation(r.get(0), r.get(1));
            if ("VIEW".equals(r.get(2))) {
                relations.put(ref, new Relation(ObjectKind.VIEW, r.get(4), List.of()));
            } else {
                relations.put(ref, new Relation(ObjectKind.TABLE, "remarks='" + r.get(3) + "'",
                        columns.getOrDefault(ref, List.of())));
            }
        }
        for (List<String> r : rows(c, "SELECT SEQUENCE_SCHEMA, SEQUENCE_NAME, INCREMENT, MINIMUM_VALUE, MAXIMUM_VALUE,"
                + " CYCLE_OPTION FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA" + NOT_SYSTEM)) {
            relations.put(Ref.relation(r.get(0), r.get(1)), new Relation(ObjectKind.SEQUENCE,
                    "increment " + r.get(2) + " min " + r.get(3) + " max " + r.get(4) + " cycle " + r.get(5), List.of()));
        }
        Set<TableObject> objects = new HashSet<>();
        Map<Ref, List<String>> indexColumns = new HashMap<>();
        for (List<String> r : rows(c, "SELECT INDEX_SCHEMA, TABLE_NAME, INDEX_NAME, COLUMN_NAME"
                + " FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE INDEX_SCHEMA" + NOT_SYSTEM
                + " ORDER BY INDEX_SCHEMA, TABLE_NAME, INDEX_NAME, ORDINAL_POSITION")) {
            indexColumns.computeIfAbsent(Ref.inTable(r.get(0), r.get(1), r.get(2)), k -> new ArrayList<>()).add(r.get(3));
        }
        for (List<String> r : rows(c, "SELECT INDEX_SCHEMA, TABLE_NAME, INDEX_NAME, INDEX_TYPE_NAME, IS_GENERATED"
                + " FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_SCHEMA" + NOT_SYSTEM)) {
            Ref ref = Ref.inTable(r.get(0), r.get(1), r.get(2));
            ConstraintType type = r.get(3).contains("UNIQUE") || r.get(3).contains("PRIMARY")
                    ? ConstraintType.UNIQUE : ConstraintType.OTHER;
            objects.add(new TableObject(ref, ObjectKind.INDEX, type, indexColumns.getOrDefault(ref, List.of()),
                    "TRUE".equalsIgnoreCase(r.get(4))));
        }
        Map<Ref, List<String>> constraintColumns = new HashMap<>();
        for (List<String> r : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME"
                + " FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA" + NOT_SYSTEM
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION")) {
            constraintColumns.computeIfAbsent(Ref.inTable(r.get(0), r.get(1), r.get(2)), k -> new ArrayList<>())
                    .add(r.get(3));
        }
        for (List<String> r : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE"
                + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA" + NOT_SYSTEM)) {
            Ref ref = Ref.inTable(r.get(0), r.get(1), r.get(2));
            ConstraintType type = switch (r.get(3)) {
                case "PRIMARY KEY" -> ConstraintType.PRIMARY_KEY;
                case "UNIQUE" -> ConstraintType.UNIQUE;
                case "FOREIGN KEY" -> ConstraintType.FOREIGN_KEY;
                case "CHECK" -> ConstraintType.CHECK;
                default -> ConstraintType.OTHER;
            };
            objects.add(new TableObject(ref, ObjectKind.CONSTRAINT, type, constraintColumns.getOrDefault(ref, List.of()),
                    false));
        }
        for (List<String> r : rows(c, "SELECT TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME"
                + " FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA" + NOT_SYSTEM)) {
            objects.add(new TableObject(Ref.inTable(r.get(0), r.get(1), r.get(2)), ObjectKind.TRIGGER, null, List.of(),
                    false));
        }
        return new CatalogSnapshot(schemas, relations, objects, Map.of());
    }
}
