package io.ddlguard.schema;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.Dialect;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How each engine's JDBC metadata names schemas and table types. MySQL and MariaDB call a schema a catalog (a
 * database); SQLite has none; the others use {@code TABLE_SCHEM}. Stateless.
 */
final class CatalogNames {

    private CatalogNames() {
    }

    /** Whether the engine's schemas are JDBC catalogs (MySQL's and MariaDB's databases). */
    private static boolean catalogs(Dialect dialect) {
        return DialectRules.of(dialect).schemas() == DialectRules.Schemas.CATALOGS;
    }

    /** The schema unqualified names resolve to; null when the engine has none (SQLite). */
    static String currentSchema(Connection connection, Dialect dialect) throws SQLException {
        return switch (DialectRules.of(dialect).schemas()) {
            case NONE -> null;
            case CATALOGS -> connection.getCatalog();
            case SCHEMAS -> connection.getSchema();
        };
    }

    /** {@link DatabaseMetaData#getTables} of every type in {@code schema} (null: every schema). */
    static ResultSet tables(DatabaseMetaData md, String schema, Dialect dialect) throws SQLException {
        if (catalogs(dialect)) {
            return md.getTables(schema, null, "%", null);
        }
        return md.getTables(null, schema == null ? null : pattern(md, schema), "%", null);
    }

    /** {@link DatabaseMetaData#getImportedKeys} of one table. */
    static ResultSet importedKeys(DatabaseMetaData md, String schema, String table, Dialect dialect)
            throws SQLException {
        return catalogs(dialect) ? md.getImportedKeys(schema, null, table) : md.getImportedKeys(null, schema, table);
    }

    /** The schema of the current row of a {@code getTables} result. */
    static String schemaColumn(ResultSet rs, Dialect dialect) throws SQLException {
        return rs.getString(catalogs(dialect) ? "TABLE_CAT" : "TABLE_SCHEM");
    }

    /** The schema of the referred table in the current row of a {@code getImportedKeys} result. */
    static String referredSchemaColumn(ResultSet rs, Dialect dialect) throws SQLException {
        return rs.getString(catalogs(dialect) ? "PKTABLE_CAT" : "PKTABLE_SCHEM");
    }

    /** What a {@code TABLE_TYPE} names, as the schema tools sort objects. */
    enum Kind { TABLE, VIEW, SEQUENCE, OTHER }

    static Kind kind(String tableType) {
        if (tableType == null) {
            return Kind.OTHER;
        }
        String t = tableType.toUpperCase(Locale.ROOT);
        if (t.startsWith("SYSTEM") || t.contains("INDEX") || t.contains("TYPE")) {
            return Kind.OTHER;
        }
        if (t.contains("SEQUENCE")) {
            return Kind.SEQUENCE;
        }
        if (t.contains("VIEW")) {
            return Kind.VIEW;
        }
        return t.contains("TABLE") || t.contains("TEMPORARY") ? Kind.TABLE : Kind.OTHER;
    }

    /** {@code name} as a metadata pattern that matches only itself. */
    private static String pattern(DatabaseMetaData md, String name) throws SQLException {
        String escape = md.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '%' || escape.indexOf(c) >= 0) {
                sb.append(escape);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
