package io.ddlguard.schema;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of a run's tables exist, read with one {@link DatabaseMetaData#getTables} call per schema the run names
 * (one for a run in the default schema). A name without a schema is looked up in the connection's current schema
 * (PostgreSQL's first schema on the search path, H2's {@code PUBLIC}, the current database on MySQL and MariaDB).
 * A view or other table-like object of that name counts as existing, as in SQLAlchemy's {@code has_table}.
 */
final class Existence {

    private final Dialect dialect;
    private final String current;
    private final Map<String, Set<String>> namesBySchema;

    private Existence(Dialect dialect, String current, Map<String, Set<String>> namesBySchema) {
        this.dialect = dialect;
        this.current = current;
        this.namesBySchema = namesBySchema;
    }

    static Existence read(Connection connection, List<Table> tables, Dialect dialect) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String current = CatalogNames.currentSchema(connection, dialect);
        Map<String, Set<String>> names = new HashMap<>();
        Existence existence = new Existence(dialect, current, names);
        for (Table t : tables) {
            String schema = existence.schemaOf(t.name());
            if (!names.containsKey(schema)) {
                names.put(schema, read(md, schema, dialect));
            }
        }
        return existence;
    }

    boolean contains(QualifiedName name) {
        Set<String> names = namesBySchema.get(schemaOf(name));
        return names != null && names.contains(key(name.name().folded(dialect), dialect));
    }

    private String schemaOf(QualifiedName name) {
        return name.schema().map(s -> s.folded(dialect)).orElse(current == null ? "" : current);
    }

    private static String key(String stored, Dialect dialect) {
        return dialect.nameCase() == Dialect.NameCase.IGNORE_CASE ? stored.toLowerCase(Locale.ROOT) : stored;
    }

    private static Set<String> read(DatabaseMetaData md, String schema, Dialect dialect) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rs = CatalogNames.tables(md, schema.isEmpty() ? null : schema, dialect)) {
            while (rs.next()) {
                CatalogNames.Kind kind = CatalogNames.kind(rs.getString("TABLE_TYPE"));
                if ((kind == CatalogNames.Kind.TABLE || kind == CatalogNames.Kind.VIEW)
                        && (schema.isEmpty() || schema.equals(CatalogNames.schemaColumn(rs, dialect)))) {
                    names.add(key(rs.getString("TABLE_NAME"), dialect));
                }
            }
        }
        return names;
    }
}
