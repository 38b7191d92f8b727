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

import static io.ddlguard.it.MySqlCatalogReader.rows;

/**
 * Reads SQLite's {@code sqlite_master} and {@code pragma table_info}/{@code index_info}. The engine's own
 * objects ({@code sqlite_*}: {@code sqlite_sequence}, autoindexes) are left out or marked as backing. A view's
 * text is not compared: SQLite has no {@code CREATE OR REPLACE VIEW}, and rewrites view text when a table
 * is renamed.
 */
final class SqliteCatalogReader implements CatalogReader {

    static final String MAIN = "main";

    @Override
    public String defaultSchema(Connection connection) {
        return MAIN;
    }

    @Override
    public NameRule names() {
        return NameRule.IGNORE_CASE;
    }

    @Override
    public CatalogSnapshot read(Connection c) throws SQLException {
        Map<Ref, Relation> relations = new HashMap<>();
        Set<TableObject> objects = new HashSet<>();
        for (List<String> r : rows(c, "SELECT type, name, tbl_name, sql FROM sqlite_master"
                + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            String type = r.get(0);
            String name = r.get(1);
            switch (type) {
                case "table" -> relations.put(Ref.relation(MAIN, name),
                        new Relation(ObjectKind.TABLE, "", columns(c, name)));
                case "view" -> relations.put(Ref.relation(MAIN, name), new Relation(ObjectKind.VIEW, "", List.of()));
                case "index" -> objects.add(new TableObject(Ref.inTable(MAIN, r.get(2), name), ObjectKind.INDEX,
                        unique(r.get(3)) ? ConstraintType.UNIQUE : ConstraintType.OTHER, indexColumns(c, name),
                        r.get(3) == null));
                case "trigger" -> objects.add(new TableObject(Ref.inTable(MAIN, r.get(2), name), ObjectKind.TRIGGER,
                        null, List.of(), false));
                default -> throw new IllegalStateException("unknown sqlite_master type " + type + " of " + name);
            }
        }
        return new CatalogSnapshot(Set.of(MAIN), relations, objects, Map.of());
    }

    private static List<Column> columns(Connection c, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (List<String> r : rows(c, "SELECT cid, name, type, \"notnull\", dflt_value FROM pragma_table_info("
                + quote(table) + ")")) {
            String type = (r.get(2).isEmpty() ? "(no type)" : r.get(2)) + (r.get(4) == null ? "" : " default " + r.get(4));
            columns.add(new Column(r.get(1), Integer.parseInt(r.get(0)), type, "0".equals(r.get(3))));
        }
        return columns;
    }

    private static List<String> indexColumns(Connection c, String index) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (List<String> r : rows(c, "SELECT name FROM pragma_index_info(" + quote(index) + ") ORDER BY seqno")) {
            columns.add(r.get(0) == null ? "(expression)" : r.get(0));
        }
        return columns;
    }

    private static boolean unique(String sql) {
        return sql == null || sql.stripLeading().regionMatches(true, 0, "CREATE UNIQUE", 0, 13);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
