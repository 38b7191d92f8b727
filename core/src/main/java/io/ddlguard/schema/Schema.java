package io.ddlguard.schema;

import io.ddlguard.dialect.DialectDetector;
import io.ddlguard.element.Action;
import io.ddlguard.element.AddConstraint;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.CreateSequence;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.CreateView;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.internal.dispatch.EventDispatcher;
import io.ddlguard.internal.jdbc.DdlConnection;
import io.ddlguard.internal.parser.StatementParser;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of tables (with their foreign keys), views and sequences: ddlguard's stand-in for SQLAlchemy's
 * {@code MetaData}. Read it from SQL text ({@link #fromSql}) or from a live database ({@link #reflect}), sort it
 * ({@link #sortedTables()}), and create or drop it through the guard ({@link #createAll}, {@link #dropAll}).
 *
 * <pre>{@code
 * Schema schema = Schema.fromSql(Files.readString(Path.of("schema.sql")), Dialect.POSTGRESQL);
 * try (Connection c = guardedDataSource.getConnection()) {
 *     schema.createAll(c, true);                        // creates the tables that do not exist yet
 *     Schema.reflect(c, "public").dropAll(c, false);    // drops every table of the schema, FK cycles included
 * }
 * }</pre>
 *
 * Immutable and thread-safe.
 *
 * @param dialect   the dialect names are matched and rendered in
 * @param tables    the tables, in definition order
 * @param views     the views, in definition order (reflected and read, not created or dropped by the runs)
 * @param sequences the sequences, in definition order (likewise)
 */
public record Schema(Dialect dialect, List<Table> tables, List<QualifiedName> views, List<QualifiedName> sequences) {

    public Schema {
        Objects.requireNonNull(dialect, "dialect");
        tables = List.copyOf(tables);
        views = List.copyOf(views);
        sequences = List.copyOf(sequences);
    }

    /** A schema of {@code tables}. */
    public static Schema of(Dialect dialect, List<Table> tables) {
        return new Schema(dialect, tables, List.of(), List.of());
    }

    /**
     * The schema a SQL script defines: a table for each {@code CREATE TABLE}, with the foreign keys it declares
     * and those later {@code ALTER TABLE ... ADD [CONSTRAINT n] FOREIGN KEY} statements give it (marked
     * {@link ForeignKey#useAlter()}: they are created the same way), the {@code CREATE INDEX} statements on it, and
     * the names of the views and sequences it creates. Other statements are not part of the model.
     *
     * @throws IllegalArgumentException when the script creates a table twice
     */
    public static Schema fromSql(String script, Dialect dialect) {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(dialect, "dialect");
        List<Table> tables = new ArrayList<>();
        List<QualifiedName> views = new ArrayList<>();
        List<QualifiedName> sequences = new ArrayList<>();
        for (DdlElement e : StatementParser.parse(script, dialect)) {
            if (e instanceof CreateTable ct) {
                if (find(tables, ct.name(), dialect) >= 0) {
                    throw new IllegalArgumentException("the script creates table " + ct.name() + " twice");
                }
                tables.add(Table.of(ct));
            } else if (e instanceof AddConstraint ac && ac.constraint().type() == ConstraintType.FOREIGN_KEY) {
                int i = find(tables, ac.onTable(), dialect);
                if (i >= 0) {
                    Table t = tables.get(i);
                    tables.set(i, t.withForeignKey(new ForeignKey(t.name(), ac.constraint(), true)));
                }
            } else if (e instanceof CreateIndex ci) {
                int i = find(tables, ci.onTable(), dialect);
                if (i >= 0) {
                    tables.set(i, tables.get(i).withIndex(ci));
                }
            } else if (e instanceof CreateView cv) {
                views.addAll(cv.names());
            } else if (e instanceof CreateSequence cs) {
                sequences.addAll(cs.names());
            }
        }
        return new Schema(dialect, tables, views, sequences);
    }

    /**
     * The tables, views and sequences of {@code schema} in the database {@code connection} is connected to, with
     * every table's foreign keys and their names, through {@link java.sql.DatabaseMetaData}: one
     * {@code getTables} call and one {@code getImportedKeys} call per table (on PostgreSQL one {@code pg_constraint}
     * query for all the foreign keys of the schema). Names are as the catalog stores them,
     * and quoted. Works on any connection; the dialect is the guard's for a ddlguard connection, else detected.
     *
     * @param schema the schema (on MySQL and MariaDB the database), written as in SQL: unquoted names fold by the
     *               dialect's rule, {@code "Quoted"} ones are exact; null for the connection's current schema
     */
    public static Schema reflect(Connection connection, String schema) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        return Reflector.reflect(connection, schema, dialectOf(connection));
    }

    /** The table named {@code name} (written as in SQL), if this schema has it. */
    public Optional<Table> table(String name) {
        int i = find(tables, QualifiedName.of(io.ddlguard.element.Identifier.of(name)), dialect);
        return i < 0 ? Optional.empty() : Optional.of(tables.get(i));
    }

    /** The tables in dependency order, SQLAlchemy's {@code MetaData.sorted_tables}; see {@link TableSorter}. */
    public SortedTables sortedTables() {
        return TableSorter.of(dialect).sortTables(tables);
    }

    /**
     * Creates the tables, SQLAlchemy's {@code create_all}, on a connection from a data source
     * {@link io.ddlguard.DdlGuard#wrap} returned, so that every statement is guarded and heard by the guard's
     * listeners. In order:
     *
     * <ol>
     *   <li>with {@code checkFirst}, one catalog query finds the tables that exist already: they are skipped and
     *       fire nothing;</li>
     *   <li>the rest are sorted by their foreign keys ({@link TableSorter#sortTablesAndConstraints}); the foreign
     *       keys of cycles (and {@link ForeignKey#useAlter()} ones) are taken out of the CREATE TABLE text and added
     *       with {@code ALTER TABLE ... ADD} after every table (on SQLite, which cannot, they stay inline);</li>
     *   <li>{@code BEFORE_CREATE} fires for {@link io.ddlguard.event.Target#unit()} with the tables that run, in run
     *       order (possibly none), then each statement runs and fires its own events (whose contexts report the
     *       run's tables and checkFirst too), then {@code AFTER_CREATE} fires for the unit.</li>
     * </ol>
     *
     * <p>Where DDL is transactional (PostgreSQL) and the connection is in auto-commit mode, the run is one
     * transaction: any failure (a statement, a veto, a failing listener, a refused lock) rolls all of it back.
     * In a transaction the caller opened, the run joins it and the caller commits. Elsewhere each statement
     * commits by itself, and a failure leaves the statements before it in place.
     *
     * @throws IllegalArgumentException when the connection is not a ddlguard connection, or a table has no CREATE
     *                                  TABLE statement (a reflected one)
     */
    public RunResult createAll(Connection connection, boolean checkFirst) throws SQLException {
        return SchemaRun.run(Objects.requireNonNull(connection, "connection"), tables, Action.CREATE, checkFirst);
    }

    /**
     * Drops the tables, SQLAlchemy's {@code drop_all}, through the guard, as {@link #createAll} creates them: with
     * {@code checkFirst} the tables that do not exist are skipped; the rest drop in reverse dependency order,
     * after the foreign keys of cycles are dropped with {@code ALTER TABLE ... DROP CONSTRAINT} ({@code DROP
     * FOREIGN KEY} on MySQL and MariaDB); unit events fire around the run.
     *
     * <p>Before anything runs, the guard checks every statement of the run at once and applies its policy: under
     * {@link io.ddlguard.DropPolicy#FAIL} a session holding a lock any of them needs — a test's leaked connection
     * in an open transaction — refuses the whole run with {@link io.ddlguard.DropBlockedException} naming it,
     * where a plain {@code drop_all} would hang; no table is dropped. (Today the guard inspects locks on
     * PostgreSQL only.)
     *
     * <p>Only a named foreign key can be dropped on its own: when unnamed ones form a cycle the run is refused
     * with SQLState {@code DG003} before anything runs. SQLite cannot drop a constraint: a cycle there is dropped
     * in reverse of the given order, with foreign-key enforcement as the connection has it, and a warning.
     *
     * @throws io.ddlguard.DropBlockedException when the guard refuses the run
     * @throws IllegalArgumentException         when the connection is not a ddlguard connection
     */
    public RunResult dropAll(Connection connection, boolean checkFirst) throws SQLException {
        return SchemaRun.run(Objects.requireNonNull(connection, "connection"), tables, Action.DROP, checkFirst);
    }

    private static Dialect dialectOf(Connection connection) throws SQLException {
        if (connection.isWrapperFor(DdlConnection.class)) {
            DdlConnection ddl = connection.unwrap(DdlConnection.class);
            if (ddl.router() instanceof EventDispatcher d) {
                return d.dialectOf(ddl);
            }
        }
        return DialectDetector.fromMetaData(connection.getMetaData());
    }

    private static int find(List<Table> tables, QualifiedName name, Dialect dialect) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).name().matches(name, dialect)) {
                return i;
            }
        }
        return -1;
    }
}
