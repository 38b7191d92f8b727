package io.ddlguard.dialect.postgres;

import io.ddlguard.element.AddColumn;
import io.ddlguard.element.AddConstraint;
import io.ddlguard.element.AlterColumn;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.CreateSchema;
import io.ddlguard.element.CreateSequence;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DropColumn;
import io.ddlguard.element.DropConstraint;
import io.ddlguard.element.DropIndex;
import io.ddlguard.element.DropSchema;
import io.ddlguard.element.DropSequence;
import io.ddlguard.element.DropTable;
import io.ddlguard.element.DropView;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.RenameColumn;
import io.ddlguard.element.RenameIndex;
import io.ddlguard.element.RenameSequence;
import io.ddlguard.element.RenameView;
import io.ddlguard.element.RenameTable;
import io.ddlguard.element.TruncateTable;
import io.ddlguard.element.Action;
import io.ddlguard.element.UnrecognizedDdl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Predicts which relations (and schemas) a PostgreSQL DDL statement will lock, and in which mode, by reading
 * the catalog the way the server does before it executes the statement.
 *
 * <p>A {@code DROP} locks everything PostgreSQL's dependency walk ({@code findDependentObjects}) reaches from
 * the dropped objects, whether or not {@code CASCADE} is given: with {@code RESTRICT} the server takes the
 * dependents' locks before it fails with {@code 2BP01}, so a reader of a dependent view blocks it just the
 * same. The walk follows {@code pg_depend} downwards (deptypes {@code n, a, i, P, S}) and upwards through
 * internal dependencies (a view's rewrite rule to the view), and maps every object reached to the relations
 * its deletion locks: the relation itself, an index's table, a partition's parent table (not the parent's
 * partitioned index), both tables of a foreign
 * key, a trigger's, rule's, policy's or column default's table. Each plan costs one round trip: one
 * statement, names passed as bind parameters and resolved with {@code to_regclass}.
 *
 * <p>Names that do not exist ({@code IF EXISTS}) give no locks. Elements that take no lock another session
 * can hold ({@code CREATE TABLE}, {@code CREATE VIEW}, ...) give an empty plan without a round trip.
 * {@code ALTER TABLE ... DROP COLUMN} is planned as a lock on the table only: every session that reads a
 * dependent view or index holds a conflicting lock on the table too.
 *
 * <p>The {@code CONCURRENTLY} forms take {@link LockMode#SHARE_UPDATE_EXCLUSIVE} (on the table, and for
 * {@code DROP INDEX CONCURRENTLY} on the index) and then wait for transactions already running, which the plan
 * states as {@link LockPlan#lockerWaits()} and {@link LockPlan#waitsForOlderSnapshots()}:
 * {@code CREATE INDEX CONCURRENTLY} waits for the table's writers (holders of a lock conflicting with
 * {@link LockMode#SHARE}) and then for every older snapshot in the database; {@code DROP INDEX CONCURRENTLY}
 * waits for every holder of any lock on the table, readers included, and for no snapshot. Both were measured on
 * PostgreSQL 17 ({@code indexcmds.c} {@code DefineIndex}, {@code index.c} {@code index_drop}).
 *
 * <p>Privileges: the planning role needs {@code USAGE} on the schema of every relation the statement names, and
 * nothing else: no privilege on the tables, no {@code pg_read_all_stats}, none for {@code DROP SCHEMA} (the
 * catalogs are readable by every role). Without {@code USAGE}, a schema-qualified name fails with {@code 42501}
 * ({@code to_regclass} checks it), and an unqualified name is not found on the search path, so it plans nothing:
 * plan with the role that runs the migration, or grant it {@code USAGE}. Stateless and thread-safe.
 */
public final class PostgresLockPlanner {

    private static final DialectRules RULES = DialectRules.of(Dialect.POSTGRESQL);

    /** Plans without a round trip, for elements that take no lock another session could hold. */
    private static final List<PlannedLock> NOTHING = List.of();

    /** A planner; it keeps no state, so one instance can serve every connection. */
    public PostgresLockPlanner() {
    }

    /**
     * The locks {@code element} will request when executed on {@code connection}'s database and search path.
     *
     * @throws SQLException when the catalog cannot be read
     */
    public LockPlan plan(Connection connection, DdlElement element) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(element, "element");
        if (element instanceof DropTable e) {
            return new LockPlan(element, drop(connection, e.names(), List.of(), null, null));
        } else if (element instanceof DropView e) {
            return new LockPlan(element, drop(connection, e.names(), List.of(), null, null));
        } else if (element instanceof DropSequence e) {
            return new LockPlan(element, drop(connection, e.names(), List.of(), null, null));
        } else if (element instanceof DropSchema e) {
            List<String> schemas = e.names().stream().map(n -> fold(n.name())).toList();
            return new LockPlan(element, drop(connection, List.of(), schemas, null, null));
        } else if (element instanceof DropIndex e) {
            if (e.concurrently()) {
                // index_drop(concurrent): ShareUpdateExclusive on table and index, then WaitForLockers(table,
                // AccessExclusiveLock) twice: every transaction holding any lock on the table. No snapshot wait.
                List<PlannedLock> locks = relations(connection, e.names(), LockMode.SHARE_UPDATE_EXCLUSIVE);
                return new LockPlan(element, locks, false, tablesOf(locks, LockMode.ACCESS_EXCLUSIVE));
            }
            return new LockPlan(element, drop(connection, e.names(), List.of(), null, null));
        } else if (element instanceof DropConstraint e) {
            if (e.name().isEmpty()) {
                return new LockPlan(element, relations(connection, List.of(e.onTable()), LockMode.ACCESS_EXCLUSIVE));
            }
            return new LockPlan(element, drop(connection, List.of(), List.of(), e.onTable(), e.name().get()));
        } else if (element instanceof TruncateTable e) {
            return new LockPlan(element, truncate(connection, e.names(), e.cascade()));
        } else if (element instanceof AddConstraint e) {
            return new LockPlan(element, addConstraint(connection, e.onTable(), List.of(e.constraint())));
        } else if (element instanceof AddColumn e) {
            return new LockPlan(element, addConstraint(connection, e.onTable(), e.column().constraints()));
        } else if (element instanceof DropColumn || element instanceof AlterColumn a
                && a.change() != AlterColumn.Change.OTHER || element instanceof RenameColumn
                || element instanceof RenameTable) {
            QualifiedName table = element.table().orElseGet(() -> element.names().get(0));
            return new LockPlan(element, relations(connection, List.of(table), LockMode.ACCESS_EXCLUSIVE));
        } else if (element instanceof CreateIndex e) {
            if (e.concurrently()) {
                // DefineIndex(concurrent): ShareUpdateExclusive on the table, WaitForLockers(table, ShareLock)
                // (the writers) before the build and before validation, then WaitForOlderSnapshots.
                List<PlannedLock> locks =
                        relations(connection, List.of(e.onTable()), LockMode.SHARE_UPDATE_EXCLUSIVE);
                return new LockPlan(element, locks, !locks.isEmpty(), tablesOf(locks, LockMode.SHARE));
            }
            return new LockPlan(element, relations(connection, List.of(e.onTable()), LockMode.SHARE));
        }
        if (dropsTypeOrRoutine(element)) {
            List<String> named = PostgresLockForms.droppedTypesOrRoutines(element.sql());
            boolean type = element.objectKind() == ObjectKind.TYPE || element.objectKind() == ObjectKind.DOMAIN;
            return new LockPlan(element, drop(connection, List.of(), List.of(), null, null,
                    type ? named : List.of(), type ? List.of() : named));
        }
        Optional<List<LockShape>> shapes = shapes(element);
        return new LockPlan(element, shapes.isPresent() ? shapes(connection, shapes.get()) : NOTHING);
    }

    /**
     * Whether planning {@code element} reads the catalog (one round trip): whether it takes a lock another session
     * could hold. Every other element plans to nothing without touching the connection.
     */
    public static boolean readsCatalog(DdlElement element) {
        return element instanceof DropTable || element instanceof DropView || element instanceof DropSequence
                || element instanceof DropSchema || element instanceof DropIndex || element instanceof DropConstraint
                || element instanceof TruncateTable || element instanceof AddConstraint || element instanceof AddColumn
                || element instanceof DropColumn || element instanceof AlterColumn || element instanceof RenameColumn
                || element instanceof RenameTable || element instanceof CreateIndex || dropsTypeOrRoutine(element)
                || shapes(element).isPresent();
    }

    /**
     * {@code DROP TYPE | DOMAIN | FUNCTION | PROCEDURE}: planned by the dependency walk of {@code DROP}, which
     * reaches the tables whose columns, defaults, checks and triggers use the object, and the views that do.
     */
    private static boolean dropsTypeOrRoutine(DdlElement element) {
        return element instanceof UnrecognizedDdl e && e.action() == Action.DROP
                && switch (e.objectKind()) {
                    case TYPE, DOMAIN, FUNCTION, PROCEDURE -> true;
                    default -> false;
                };
    }

    /**
     * What {@code element} locks by the forms this planner knows from the statement's text
     * ({@link PostgresLockForms}), or from a {@code CREATE TABLE}'s dependencies; empty for every other element.
     */
    private static Optional<List<LockShape>> shapes(DdlElement element) {
        if (element instanceof UnrecognizedDdl || element instanceof RenameIndex || element instanceof RenameView
                || element instanceof RenameSequence
                || element instanceof AlterColumn a && a.change() == AlterColumn.Change.OTHER) {
            return PostgresLockForms.of(element.sql());
        }
        if (element instanceof CreateTable e && !e.asQuery() && !lockFree(e)) {
            List<LockShape> shapes = new ArrayList<>();
            e.partitionOf().ifPresent(parent -> shapes.add(LockShape.self(parent, LockMode.ACCESS_EXCLUSIVE)
                    .and(LockShape.Part.DEFAULT_PARTITION, LockMode.ACCESS_EXCLUSIVE)
                    .and(LockShape.Part.PARTITIONED_INDEXES, LockMode.SHARE_UPDATE_EXCLUSIVE)));
            for (QualifiedName parent : PostgresLockForms.inheritsFrom(e.sql())) {
                shapes.add(LockShape.self(parent, LockMode.SHARE_UPDATE_EXCLUSIVE));
            }
            e.like().ifPresent(t -> shapes.add(LockShape.self(t, LockMode.ACCESS_SHARE)));
            for (ConstraintDefinition fk : e.foreignKeys()) {
                fk.references().ifPresent(r -> shapes.add(LockShape.self(r.table(), LockMode.SHARE_ROW_EXCLUSIVE)));
            }
            return Optional.of(shapes);
        }
        return Optional.empty();
    }

    private static List<PlannedLock> shapes(Connection connection, List<LockShape> shapes) throws SQLException {
        if (shapes.isEmpty()) {
            return NOTHING;
        }
        LockShape.Part[] parts = LockShape.Part.values();
        try (PreparedStatement ps = connection.prepareStatement(PlannerQueries.SHAPES)) {
            bindNames(connection, ps, 1, shapes.stream().map(LockShape::name).toList());
            for (int i = 0; i < parts.length; i++) {
                String[] modes = new String[shapes.size()];
                for (int s = 0; s < shapes.size(); s++) {
                    LockMode mode = shapes.get(s).modes().get(parts[i]);
                    modes[s] = mode == null ? null : mode.pgName();
                }
                ps.setArray(3 + i, connection.createArrayOf("text", modes));
            }
            return read(ps);
        }
    }

    /**
     * Whether {@code element} is one of the forms proven to take no lock another session can hold, so that the
     * guard may run it without bounded attempts. This is the one list of them, and
     * {@code PostgresLockPlannerIT} runs each against {@code pg_locks}:
     * <ul>
     *   <li>{@code CREATE TABLE} without foreign keys, {@code PARTITION OF}, {@code INHERITS}, {@code LIKE} or
     *       {@code AS} query;</li>
     *   <li>{@code CREATE SEQUENCE} without {@code OWNED BY};</li>
     *   <li>{@code CREATE SCHEMA} without schema elements.</li>
     * </ul>
     * Each takes only an {@code AccessShareLock} on its schema's object lock (measured), which conflicts with no
     * lock but the one of a {@code DROP SCHEMA} of that schema still uncommitted in another transaction; and
     * creating a name another open transaction has just created waits for that transaction. Those two waits are
     * the only ones such a statement can meet, and neither is bounded.
     */
    public static boolean lockFree(DdlElement element) {
        if (element instanceof CreateTable e) {
            return e.foreignKeys().isEmpty() && e.partitionOf().isEmpty() && e.like().isEmpty() && !e.asQuery()
                    && count(e.sql(), "INHERITS") == 0;
        }
        if (element instanceof CreateSequence e) {
            return count(e.sql(), "OWNED") == 0;
        }
        if (element instanceof CreateSchema e) {
            return count(e.sql(), "CREATE") == 1;
        }
        return false;
    }

    /** How often {@code sql} has the bare word {@code upperWord} (a word in a string or a comment does not count). */
    private static int count(String sql, String upperWord) {
        Tokens tokens = SqlLexer.tokenize(sql, RULES);
        int n = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.isWord(i, upperWord)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The relations {@code element} names, which its locks are on when its form is not planned: the table an
     * index, constraint, column, trigger, policy or rule belongs to; the tables, views, materialized views,
     * indexes and sequences it names itself; for {@code CREATE TABLE}, the parent of {@code PARTITION OF}, the
     * table of {@code LIKE} and the tables its foreign keys reference; for {@code ALTER TABLE}, the partition it
     * attaches or detaches and the parent it inherits from ({@link PostgresStatements#otherRelations}). Types, functions, roles and schemas are
     * not relations: they give nothing.
     */
    public static List<QualifiedName> namedRelations(DdlElement element) {
        List<QualifiedName> names = new ArrayList<>(2);
        element.table().ifPresent(names::add);
        switch (element.objectKind()) {
            case TABLE, VIEW, MATERIALIZED_VIEW, INDEX, SEQUENCE -> names.addAll(element.names());
            default -> {
            }
        }
        if (element.objectKind() == ObjectKind.TABLE && element.action() == Action.ALTER) {
            names.addAll(PostgresStatements.otherRelations(element.sql()));
        }
        if (element instanceof CreateTable e) {
            e.partitionOf().ifPresent(names::add);
            e.like().ifPresent(names::add);
            e.foreignKeys().forEach(fk -> fk.references().ifPresent(r -> names.add(r.table())));
        }
        return names;
    }

    /**
     * The relations {@code names} that exist, each in {@code mode}, an index's table with it: what the guard
     * names when it cannot plan a statement (in {@link LockMode#ACCESS_EXCLUSIVE}, which conflicts with every
     * lock, so that no holder is missed).
     *
     * @throws SQLException when the catalog cannot be read
     */
    public List<PlannedLock> named(Connection connection, List<QualifiedName> names, LockMode mode)
            throws SQLException {
        Objects.requireNonNull(connection, "connection");
        return relations(connection, List.copyOf(names), mode);
    }

    /** The planned locks on tables (not indexes), in {@code mode}: what a CONCURRENTLY form waits out. */
    private static List<PlannedLock> tablesOf(List<PlannedLock> locks, LockMode mode) {
        return locks.stream()
                .filter(l -> l.isRelation() && l.kind() != PlannedLock.Kind.INDEX
                        && l.kind() != PlannedLock.Kind.PARTITIONED_INDEX)
                .map(l -> new PlannedLock(l.kind(), l.oid(), l.schema(), l.name(), mode))
                .toList();
    }

    private static List<PlannedLock> addConstraint(Connection connection, QualifiedName table,
                                                   List<ConstraintDefinition> constraints) throws SQLException {
        List<QualifiedName> names = new ArrayList<>();
        List<LockMode> modes = new ArrayList<>();
        names.add(table);
        boolean foreignKeysOnly = !constraints.isEmpty()
                && constraints.stream().allMatch(c -> c.type() == ConstraintType.FOREIGN_KEY);
        // ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on both tables; any other ADD takes ACCESS EXCLUSIVE.
        modes.add(foreignKeysOnly ? LockMode.SHARE_ROW_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE);
        for (ConstraintDefinition c : constraints) {
            c.references().ifPresent(r -> {
                names.add(r.table());
                modes.add(LockMode.SHARE_ROW_EXCLUSIVE);
            });
        }
        return relations(connection, names, modes);
    }

    private static List<PlannedLock> relations(Connection connection, List<QualifiedName> names, LockMode mode)
            throws SQLException {
        return relations(connection, names, names.stream().map(n -> mode).toList());
    }

    private static List<PlannedLock> relations(Connection connection, List<QualifiedName> names,
                                               List<LockMode> modes) throws SQLException {
        if (names.isEmpty()) {
            return NOTHING;
        }
        String[] modeNames = modes.stream().map(LockMode::pgName).toArray(String[]::new);
        try (PreparedStatement ps = connection.prepareStatement(PlannerQueries.RELATIONS)) {
            bindNames(connection, ps, 1, names);
            ps.setArray(3, connection.createArrayOf("text", modeNames));
            ps.setArray(4, connection.createArrayOf("text", modeNames));
            return read(ps);
        }
    }

    private static List<PlannedLock> truncate(Connection connection, List<QualifiedName> names, boolean cascade)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(PlannerQueries.TRUNCATE)) {
            bindNames(connection, ps, 1, names);
            ps.setBoolean(3, cascade);
            return read(ps);
        }
    }

    private static List<PlannedLock> drop(Connection connection, List<QualifiedName> relations, List<String> schemas,
                                          QualifiedName constraintTable, Identifier constraint) throws SQLException {
        return drop(connection, relations, schemas, constraintTable, constraint, List.of(), List.of());
    }

    /**
     * @param types    type and domain names for {@code to_regtype}
     * @param routines function and procedure names for {@code to_regprocedure} (with arguments) or {@code to_regproc}
     */
    private static List<PlannedLock> drop(Connection connection, List<QualifiedName> relations, List<String> schemas,
                                          QualifiedName constraintTable, Identifier constraint, List<String> types,
                                          List<String> routines) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(PlannerQueries.DROP)) {
            bindNames(connection, ps, 1, relations);
            List<QualifiedName> conTables = constraintTable == null ? List.of() : List.of(constraintTable);
            bindNames(connection, ps, 3, conTables);
            ps.setArray(5, connection.createArrayOf("text", schemas.toArray(String[]::new)));
            String[] conNames = constraint == null ? new String[0] : new String[] {fold(constraint)};
            ps.setArray(6, connection.createArrayOf("text", conNames));
            ps.setArray(7, connection.createArrayOf("text", types.toArray(String[]::new)));
            ps.setArray(8, connection.createArrayOf("text", routines.toArray(String[]::new)));
            return read(ps);
        }
    }

    private static void bindNames(Connection connection, PreparedStatement ps, int first, List<QualifiedName> names)
            throws SQLException {
        String[] schemas = new String[names.size()];
        String[] relations = new String[names.size()];
        for (int i = 0; i < names.size(); i++) {
            QualifiedName name = names.get(i);
            schemas[i] = name.schema().map(PostgresLockPlanner::fold).orElse(null);
            relations[i] = fold(name.name());
        }
        ps.setArray(first, connection.createArrayOf("text", schemas));
        ps.setArray(first + 1, connection.createArrayOf("text", relations));
    }

    private static String fold(Identifier identifier) {
        return identifier.folded(Dialect.POSTGRESQL);
    }

    private static List<PlannedLock> read(PreparedStatement ps) throws SQLException {
        Map<String, PlannedLock> byTarget = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String relkind = rs.getString(4);
                PlannedLock.Kind kind = relkind == null ? PlannedLock.Kind.SCHEMA : PlannedLock.Kind.ofRelkind(relkind);
                LockMode mode = LockMode.fromPgName(rs.getString(5))
                        .orElseThrow(() -> new IllegalStateException("not a lock mode"));
                PlannedLock lock = new PlannedLock(kind, rs.getLong(1), rs.getString(2), rs.getString(3), mode);
                String key = (kind == PlannedLock.Kind.SCHEMA ? "n" : "r") + lock.oid();
                byTarget.merge(key, lock, (a, b) -> a.mode().max(b.mode()) == a.mode() ? a : b);
            }
        }
        List<PlannedLock> locks = new ArrayList<>(byTarget.values());
        locks.sort(Comparator.comparing(PlannedLock::schema).thenComparing(PlannedLock::name)
                .thenComparing(PlannedLock::kind));
        return locks;
    }
}
