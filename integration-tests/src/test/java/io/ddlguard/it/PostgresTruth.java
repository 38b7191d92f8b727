package io.ddlguard.it;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What PostgreSQL itself says a statement did, recorded by event triggers installed in a database of the test's own.
 *
 * <p>{@code ddl_command_end} logs one marker row per DDL command (its command tag, even when the command turned out
 * to be a no-op) and one row per object in {@code pg_event_trigger_ddl_commands()}; {@code sql_drop} logs every row of
 * {@code pg_event_trigger_dropped_objects()}. Names are logged as raw catalog names
 * ({@code pg_identify_object_as_address}), never as quoted identities, so they compare without unquoting.
 *
 * <p>{@code TRUNCATE} fires no event trigger, so its truth comes from the catalog instead: a truncate gives every
 * emptied table a new {@code relfilenode}, so the tables whose {@code relfilenode} changed across a statement that
 * logged no DDL command are exactly the tables it emptied (named, partitions of named, and {@code CASCADE}d ones).
 * This needs no knowledge of the statement's text, so the truth never borrows from the parser under test.
 *
 * <p>Statements run one at a time in autocommit on one connection (temporary objects are per session), which also
 * lets {@code CREATE INDEX CONCURRENTLY} run. Not thread-safe: one recorder per test.
 */
final class PostgresTruth implements AutoCloseable {

    /** One logged row. {@code event} is {@code marker}, {@code command} or {@code drop}. */
    record Row(String event, String tag, String commandTag, String objectType, String schemaName, String objectName,
               String objectIdentity, List<String> addressNames, List<String> tableNames, boolean original) {
        @Override
        public String toString() {
            return switch (event) {
                case "marker" -> "ddl_command_end " + tag;
                case "command" -> "command " + commandTag + " " + objectType + " " + objectIdentity
                        + (tableNames.isEmpty() ? "" : " on " + String.join(".", tableNames));
                default -> "sql_drop " + objectType + " " + objectIdentity + (original ? "" : " (not original)");
            };
        }
    }

    /** A table emptied by {@code TRUNCATE}, with the partitioned tables above it (nearest first). */
    record Emptied(List<String> table, List<List<String>> ancestors) {
    }

    /**
     * What one statement did.
     *
     * @param rows    the event trigger rows, in the order PostgreSQL fired them
     * @param emptied tables emptied while no event trigger fired (the statement was a {@code TRUNCATE})
     */
    record Observation(List<Row> rows, List<Emptied> emptied) {

        /**
         * The statement's command tag; empty for a statement that fired no DDL event trigger. Commands nested in
         * the statement ({@code CREATE EXTENSION} runs a script) fire first, so the statement's own marker is last.
         */
        Optional<String> tag() {
            Optional<String> tag = Optional.empty();
            for (Row r : rows) {
                if (r.event().equals("marker")) {
                    tag = Optional.of(r.tag());
                }
            }
            return tag;
        }

        boolean truncated() {
            return tag().isEmpty() && !emptied.isEmpty();
        }

        boolean notDdl() {
            return tag().isEmpty() && emptied.isEmpty();
        }
    }

    private static final String INSTALL = """
            CREATE SCHEMA ddl_truth;
            CREATE TABLE ddl_truth.log (
                id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event           text NOT NULL,
                tag             text NOT NULL,
                command_tag     text,
                object_type     text,
                schema_name     text,
                object_name     text,
                object_identity text,
                address_names   text[],
                table_names     text[],
                original        boolean NOT NULL DEFAULT true
            );
            CREATE FUNCTION ddl_truth.on_command_end() RETURNS event_trigger LANGUAGE plpgsql AS $$
            DECLARE
                r record;
            BEGIN
                INSERT INTO ddl_truth.log (event, tag) VALUES ('marker', TG_TAG);
                FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
                    INSERT INTO ddl_truth.log (event, tag, command_tag, object_type, schema_name, object_identity,
                                               address_names, table_names)
                    VALUES ('command', TG_TAG, r.command_tag, r.object_type, r.schema_name, r.object_identity,
                            CASE WHEN r.classid <> 0 AND r.objid <> 0
                                 THEN (pg_identify_object_as_address(r.classid, r.objid, r.objsubid)).object_names
                            END,
                            (SELECT ARRAY[n.nspname::text, c.relname::text]
                               FROM pg_index i
                               JOIN pg_class c ON c.oid = i.indrelid
                               JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE r.object_type = 'index' AND i.indexrelid = r.objid));
                END LOOP;
            END
            $$;
            CREATE FUNCTION ddl_truth.on_sql_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO ddl_truth.log (event, tag, object_type, schema_name, object_name, object_identity, address_names,
                                           original)
                SELECT 'drop', TG_TAG, d.object_type, d.schema_name, d.object_name, d.object_identity, d.address_names,
                       d.original
                  FROM pg_event_trigger_dropped_objects() d;
            END
            $$;
            CREATE EVENT TRIGGER ddl_truth_command_end ON ddl_command_end EXECUTE FUNCTION ddl_truth.on_command_end();
            CREATE EVENT TRIGGER ddl_truth_sql_drop ON sql_drop EXECUTE FUNCTION ddl_truth.on_sql_drop();
            """;

    private static final String FILENODES = """
            SELECT c.oid::bigint, c.relfilenode::bigint, n.nspname, c.relname,
                   (SELECT array_agg(a.relid::regclass::text ORDER BY a.level)
                      FROM (SELECT relid, row_number() OVER () AS level
                              FROM pg_partition_ancestors(c.oid)) a
                     WHERE a.relid <> c.oid)
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'ddl_truth')
               AND n.nspname NOT LIKE 'pg_toast%'
            """;

    private final Connection connection;
    private long lastLogId;

    private PostgresTruth(Connection connection) {
        this.connection = connection;
    }

    /** Installs the event triggers in {@code database}, which should be fresh, and opens the session statements run on. */
    static PostgresTruth install(DataSource database) throws SQLException {
        Connection c = database.getConnection();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(INSTALL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new PostgresTruth(c);
    }

    /** The session statements run on; for resolving names the parser gave. */
    Connection connection() {
        return connection;
    }

    /** Runs {@code sql} in autocommit and returns what PostgreSQL says it did. */
    Observation run(String sql) throws SQLException {
        Map<Long, Long> before = fileNodes(null);
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
        List<Row> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, event, tag, command_tag, object_type, schema_name, "
                     + "object_name, object_identity, address_names, table_names, original FROM ddl_truth.log WHERE id > "
                     + lastLogId + " ORDER BY id")) {
            while (rs.next()) {
                lastLogId = rs.getLong(1);
                rows.add(new Row(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), strings(rs.getArray(9)), strings(rs.getArray(10)),
                        rs.getBoolean(11)));
            }
        }
        List<Emptied> emptied = new ArrayList<>();
        fileNodes(emptiedCollector(before, emptied));
        return new Observation(List.copyOf(rows), List.copyOf(emptied));
    }

    private interface RelationVisitor {
        void visit(long oid, long fileNode, String schema, String name, List<String> ancestors);
    }

    private static RelationVisitor emptiedCollector(Map<Long, Long> before, List<Emptied> emptied) {
        return (oid, fileNode, schema, name, ancestors) -> {
            Long old = before.get(oid);
            if (old != null && old != fileNode) {
                List<List<String>> parents = new ArrayList<>();
                for (String regclass : ancestors) {
                    parents.add(splitRegclass(regclass));
                }
                emptied.add(new Emptied(List.of(schema, name), List.copyOf(parents)));
            }
        };
    }

    private Map<Long, Long> fileNodes(RelationVisitor visitor) throws SQLException {
        Map<Long, Long> nodes = new HashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(FILENODES)) {
            while (rs.next()) {
                nodes.put(rs.getLong(1), rs.getLong(2));
                if (visitor != null) {
                    visitor.visit(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            strings(rs.getArray(5)));
                }
            }
        }
        return nodes;
    }

    /** Splits a {@code regclass} text such as {@code audit.events} or {@code "Reporting"."X"} into raw names. */
    private static List<String> splitRegclass(String regclass) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < regclass.length(); i++) {
            char ch = regclass.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < regclass.length() && regclass.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == '.' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        if (parts.size() == 1) {
            parts.add(0, "public");
        }
        return List.copyOf(parts);
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(v -> Objects.toString(v, "")).toList();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
