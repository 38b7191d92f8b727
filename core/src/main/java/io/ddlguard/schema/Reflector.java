package io.ddlguard.schema;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.ForeignKeyReference;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@link Schema} from a live database through {@link DatabaseMetaData}: one {@code getTables} call, then
 * one {@code getImportedKeys} call per table, except on PostgreSQL, where one catalog query reads every foreign key
 * of the schema. Stateless.
 */
final class Reflector {

    /** H2 2.x lists sequences in INFORMATION_SCHEMA.SEQUENCES, not among getTables' types. */
    private Reflector() {
    }

    static Schema reflect(Connection connection, String schema, Dialect dialect) throws SQLException {
        String stored = schema == null ? CatalogNames.currentSchema(connection, dialect) : stored(schema, dialect);
        DatabaseMetaData md = connection.getMetaData();
        List<QualifiedName> tableNames = new ArrayList<>();
        List<QualifiedName> views = new ArrayList<>();
        List<QualifiedName> sequences = new ArrayList<>();
        try (ResultSet rs = CatalogNames.tables(md, stored, dialect)) {
            while (rs.next()) {
                String rowSchema = CatalogNames.schemaColumn(rs, dialect);
                String name = rs.getString("TABLE_NAME");
                if (stored != null && !stored.equals(rowSchema)
                        || DialectRules.of(dialect).isInternalTable(name)) {
                    continue;
                }
                QualifiedName qn = name(rowSchema, name);
                switch (CatalogNames.kind(rs.getString("TABLE_TYPE"))) {
                    case TABLE -> tableNames.add(qn);
                    case VIEW -> views.add(qn);
                    case SEQUENCE -> sequences.add(qn);
                    case OTHER -> { }
                }
            }
        }
        DialectRules rules = DialectRules.of(dialect);
        if (rules.sequencesQuery().isPresent() && sequences.isEmpty() && stored != null) {
            try (PreparedStatement ps = connection.prepareStatement(rules.sequencesQuery().get())) {
                ps.setString(1, stored);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sequences.add(name(stored, rs.getString(1)));
                    }
                }
            }
        }
        List<Table> tables = new ArrayList<>(tableNames.size());
        if (rules.foreignKeysQuery().isPresent() && stored != null) {
            Map<String, List<ForeignKey>> fks = catalogForeignKeys(connection, stored, dialect,
                    rules.foreignKeysQuery().get());
            for (QualifiedName t : tableNames) {
                tables.add(Table.of(t, fks.getOrDefault(t.name().value(), List.of())));
            }
        } else {
            for (QualifiedName t : tableNames) {
                tables.add(Table.of(t, foreignKeys(md, t, dialect)));
            }
        }
        return new Schema(dialect, tables, views, sequences);
    }

    /** The foreign keys of {@code table}, one per constraint, columns in key order. */
    private static List<ForeignKey> foreignKeys(DatabaseMetaData md, QualifiedName table, Dialect dialect)
            throws SQLException {
        List<ForeignKey> fks = new ArrayList<>();
        String schema = table.schema().map(Identifier::value).orElse(null);
        // Rows come ordered by the referred table and KEY_SEQ, so two keys to one table interleave: group by name,
        // and an unnamed key by its run of KEY_SEQ from 1.
        Map<String, Builder> keys = new LinkedHashMap<>();
        try (ResultSet rs = CatalogNames.importedKeys(md, schema, table.name().value(), dialect)) {
            int unnamed = 0;
            while (rs.next()) {
                int seq = rs.getInt("KEY_SEQ");
                String fkName = rs.getString("FK_NAME");
                QualifiedName referred = name(CatalogNames.referredSchemaColumn(rs, dialect),
                        rs.getString("PKTABLE_NAME"));
                boolean named = fkName != null && !fkName.isEmpty();
                if (!named && seq <= 1) {
                    unnamed++;
                }
                String key = (named ? "n:" + fkName : "u:" + unnamed) + "\u0000" + referred;
                Builder b = keys.get(key);
                if (b == null) {
                    b = new Builder(named ? fkName : null, referred, rs.getShort("DELETE_RULE"),
                            rs.getShort("UPDATE_RULE"));
                    keys.put(key, b);
                }
                b.columns.add(Identifier.quoted(rs.getString("FKCOLUMN_NAME")));
                String pkColumn = rs.getString("PKCOLUMN_NAME");
                if (pkColumn != null) {
                    b.referredColumns.add(Identifier.quoted(pkColumn));
                }
            }
        }
        for (Builder b : keys.values()) {
            fks.add(b.build(table, dialect));
        }
        return fks;
    }

    /**
     * The foreign keys of every table of {@code schema}, by table name, from one catalog query
     * ({@link DialectRules#foreignKeysQuery}).
     */
    private static Map<String, List<ForeignKey>> catalogForeignKeys(Connection connection, String schema,
                                                                    Dialect dialect, String query)
            throws SQLException {
        Map<String, List<ForeignKey>> byTable = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(query)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    QualifiedName table = name(schema, rs.getString(1));
                    Builder b = new Builder(rs.getString(2), name(rs.getString(3), rs.getString(4)),
                            postgresRule(rs.getString(5)), postgresRule(rs.getString(6)));
                    for (String column : (String[]) rs.getArray(7).getArray()) {
                        b.columns.add(Identifier.quoted(column));
                    }
                    for (String column : (String[]) rs.getArray(8).getArray()) {
                        b.referredColumns.add(Identifier.quoted(column));
                    }
                    byTable.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(b.build(table, dialect));
                }
            }
        }
        return byTable;
    }

    /** pg_constraint's action codes as {@link DatabaseMetaData}'s rules. */
    private static short postgresRule(String code) {
        return switch (code) {
            case "c" -> DatabaseMetaData.importedKeyCascade;
            case "n" -> DatabaseMetaData.importedKeySetNull;
            case "d" -> DatabaseMetaData.importedKeySetDefault;
            case "r" -> DatabaseMetaData.importedKeyRestrict;
            default -> DatabaseMetaData.importedKeyNoAction;
        };
    }

    private static QualifiedName name(String schema, String name) {
        return QualifiedName.of(schema == null ? null : Identifier.quoted(schema), Identifier.quoted(name));
    }

    /** A schema name written as in SQL, as the catalog stores it. */
    private static String stored(String written, Dialect dialect) {
        String w = written.strip();
        if (w.length() >= 2 && (w.startsWith("\"") && w.endsWith("\"") || w.startsWith("`") && w.endsWith("`"))) {
            return w.substring(1, w.length() - 1);
        }
        return Identifier.of(w).folded(dialect);
    }

    private static final class Builder {
        final String name;
        final QualifiedName referred;
        final short onDelete;
        final short onUpdate;
        final List<Identifier> columns = new ArrayList<>();
        final List<Identifier> referredColumns = new ArrayList<>();

        Builder(String name, QualifiedName referred, short onDelete, short onUpdate) {
            this.name = name;
            this.referred = referred;
            this.onDelete = onDelete;
            this.onUpdate = onUpdate;
        }

        ForeignKey build(QualifiedName table, Dialect dialect) {
            ForeignKeyReference reference = new ForeignKeyReference(referred, referredColumns, rule(onDelete),
                    rule(onUpdate));
            ConstraintDefinition c = new ConstraintDefinition(Optional.ofNullable(name).map(Identifier::quoted),
                    ConstraintType.FOREIGN_KEY, columns, Optional.of(reference), "");
            ForeignKey fk = new ForeignKey(table, c, false);
            return new ForeignKey(table, new ConstraintDefinition(c.name(), c.type(), c.columns(), c.references(),
                    fk.definition(dialect)), false);
        }

        /** The referential action, when not the default NO ACTION. */
        private static Optional<String> rule(short rule) {
            return switch (rule) {
                case DatabaseMetaData.importedKeyCascade -> Optional.of("CASCADE");
                case DatabaseMetaData.importedKeySetNull -> Optional.of("SET NULL");
                case DatabaseMetaData.importedKeySetDefault -> Optional.of("SET DEFAULT");
                case DatabaseMetaData.importedKeyRestrict -> Optional.of("RESTRICT");
                default -> Optional.empty();
            };
        }
    }
}
