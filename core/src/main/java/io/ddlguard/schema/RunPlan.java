package io.ddlguard.schema;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.DdlGuardState;
import io.ddlguard.element.Action;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.UnitOfWork;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a createAll or dropAll run over tables that really run, computed before anything runs, as
 * SQLAlchemy's {@code SchemaGenerator} and {@code SchemaDropper} compute them. Immutable.
 *
 * @param unit     the run
 * @param warnings warnings to log and report
 */
record RunPlan(UnitOfWork unit, List<String> warnings) {

    /**
     * Creates tables in dependency order, each with the foreign keys that can go with it; the deferred ones (of
     * foreign-key cycles, and those marked useAlter) are taken out of their tables' CREATE TABLE text and added
     * with ALTER TABLE after every table. SQLite has no ALTER TABLE ... ADD CONSTRAINT: there every foreign key
     * declared in CREATE TABLE stays inline (SQLite does not check references at CREATE), and one that only an
     * ALTER statement declares is skipped with a warning.
     */
    static RunPlan create(List<Table> tables, Dialect dialect, boolean checkFirst) {
        for (Table t : tables) {
            if (t.definition().isEmpty()) {
                throw new IllegalArgumentException("table " + t.name() + " has no CREATE TABLE statement: createAll"
                        + " creates tables read from SQL (Schema.fromSql or Table.of(CreateTable)); reflected tables"
                        + " can be sorted and dropped only");
            }
        }
        boolean alter = supportsAlter(dialect);
        SortedConstraints sorted = TableSorter.of(dialect).sortTablesAndConstraints(tables);
        List<String> statements = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<QualifiedName> names = new ArrayList<>();
        for (SortedConstraints.Entry e : sorted.entries()) {
            if (e.table().isEmpty()) {
                for (ForeignKey fk : e.foreignKeys()) {
                    Table owner = owner(tables, fk);
                    if (alter) {
                        statements.add(SchemaSql.addConstraint(fk, dialect));
                    } else if (!owner.declares(fk)) {
                        warnings.add("foreign key " + fk + " was not created: " + dialect
                                + " cannot add a constraint to an existing table");
                    }
                }
                continue;
            }
            Table t = e.table().get();
            List<ForeignKey> cut = new ArrayList<>();
            if (alter) {
                for (ForeignKey fk : t.foreignKeys()) {
                    if (!e.foreignKeys().contains(fk) && t.declares(fk)) {
                        cut.add(fk);
                    }
                }
            }
            names.add(t.name());
            statements.add(SchemaSql.createWithout(t, cut, dialect));
            for (CreateIndex index : t.indexes()) {
                statements.add(index.sql());
            }
        }
        return new RunPlan(new UnitOfWork(Action.CREATE, names, checkFirst, statements), warnings);
    }

    /**
     * Drops tables in reverse dependency order, after dropping the foreign keys that cycles (or useAlter) defer
     * with ALTER TABLE ... DROP CONSTRAINT. Only named foreign keys can be dropped that way: when unnamed ones hold
     * a cycle together, the run is refused before anything runs. SQLite cannot drop a constraint: a cycle there is
     * dropped in reverse of the given order, with a warning (SQLAlchemy drops it in the given order; the reverse
     * keeps a table that refers to an earlier one from blocking its drop when SQLite enforces foreign keys).
     *
     * @throws SQLNonTransientException (SQLState DG003) when unnamed foreign keys form a cycle
     */
    static RunPlan drop(List<Table> tables, Dialect dialect, boolean checkFirst) throws SQLException {
        boolean alter = supportsAlter(dialect);
        TableSorter sorter = TableSorter.of(dialect).filter(fk -> !alter || fk.name().isEmpty()
                ? ForeignKeyFilter.Decision.INLINE : ForeignKeyFilter.Decision.DEFAULT);
        List<String> warnings = new ArrayList<>();
        List<Table> order;
        List<ForeignKey> deferred;
        try {
            SortedConstraints sorted = sorter.sortTablesAndConstraints(tables);
            order = sorted.tables();
            deferred = alter ? sorted.deferred() : List.of();
        } catch (CircularDependencyException e) {
            if (alter) {
                throw new SQLNonTransientException("cannot sort tables " + join(e.cycle()) + " for DROP: unnamed"
                        + " foreign keys form a cycle among them, and only a named constraint can be dropped with"
                        + " ALTER TABLE ... DROP CONSTRAINT. Give those foreign keys names. Nothing was dropped.",
                        DdlGuardState.UNSORTABLE.sqlState(), e);
            }
            warnings.add("cannot sort tables " + join(e.cycle()) + " for DROP: their foreign keys form a cycle and "
                    + dialect + " cannot drop a constraint; dropping them in reverse of the order given");
            order = tables;
            deferred = List.of();
        }
        List<String> statements = new ArrayList<>();
        for (ForeignKey fk : deferred) {
            if (fk.name().isEmpty()) {
                throw new SQLNonTransientException("cannot drop foreign key " + fk + " before its tables: it has no"
                        + " name, and only a named constraint can be dropped with ALTER TABLE ... DROP CONSTRAINT."
                        + " Nothing was dropped.", DdlGuardState.UNSORTABLE.sqlState());
            }
            statements.add(SchemaSql.dropConstraint(fk, dialect));
        }
        List<QualifiedName> names = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            names.add(order.get(i).name());
            statements.add(SchemaSql.dropTable(order.get(i), dialect));
        }
        return new RunPlan(new UnitOfWork(Action.DROP, names, checkFirst, statements), warnings);
    }

    /** Whether the dialect can add and drop constraints of existing tables (SQLAlchemy's {@code supports_alter}). */
    static boolean supportsAlter(Dialect dialect) {
        return DialectRules.of(dialect).altersConstraints();
    }

    private static Table owner(List<Table> tables, ForeignKey fk) {
        for (Table t : tables) {
            if (t.foreignKeys().contains(fk)) {
                return t;
            }
        }
        throw new IllegalStateException("no table holds " + fk);
    }

    private static String join(List<QualifiedName> names) {
        return SchemaSql.display(names);
    }
}
