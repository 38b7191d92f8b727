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

    /**
     * The statement's bind parameters, {@code a1, a2, ...}: {@code textArrays} text arrays, then the given extra
     * types. Reading them through a materialized CTE hides their values from the planner, so that every
     * execution gets the same plan and the server can keep one generic plan of the prepared statement instead
     * of planning the big catalog query again each time (which cost about 1.1 ms of a ~1.8 ms plan query).
     */
    private static String args(int textArrays, String... extraTypes) {
        StringBuilder sql = new StringBuilder("args as materialized (select ");
        int n = 0;
        for (int i = 0; i < textArrays; i++) {
            sql.append(n == 0 ? "" : ", ").append("?::pg_catalog.text[] as a").append(++n);
        }
        for (String type : extraTypes) {
            sql.append(", ?::pg_catalog.").append(type).append(" as a").append(++n);
        }
        return sql.append("),\n").toString();
    }

    private static final String RESOLVE_NAMES = """
            named(ord, oid) as (
              select i.ord, pg_catalog.to_regclass(case when i.sch is null then pg_catalog.quote_ident(i.nm)
                       else pg_catalog.quote_ident(i.sch) || '.' || pg_catalog.quote_ident(i.nm) end)::pg_catalog.oid
              from unnest((select a1 from args), (select a2 from args)) with ordinality as i(sch, nm, ord)
            )""";

    /** Dependency walk for DROP; parameters: relation names, schema names, constraints (table names, conname). */
    private static final String DROP_SQL = "with recursive " + args(8) + RESOLVE_NAMES + ", " + """
            con_table(ord, oid) as (
              select i.ord, pg_catalog.to_regclass(case when i.sch is null then pg_catalog.quote_ident(i.nm)
                       else pg_catalog.quote_ident(i.sch) || '.' || pg_catalog.quote_ident(i.nm) end)::pg_catalog.oid
              from unnest((select a3 from args), (select a4 from args)) with ordinality as i(sch, nm, ord)
            ),
            seed(classid, objid) as (
              select 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid, oid from named where oid is not null
              union all
              select 'pg_catalog.pg_namespace'::pg_catalog.regclass::pg_catalog.oid, n.oid
              from pg_catalog.pg_namespace n where n.nspname = any ((select a5 from args)::pg_catalog.text[])
              union all
              select 'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid, k.oid
              from unnest((select a6 from args)) with ordinality as cn(conname, ord)
              join con_table t on t.ord = cn.ord
              join pg_catalog.pg_constraint k on k.conrelid = t.oid and k.conname = cn.conname
              union all
              select 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid, x.oid
              from unnest((select a7 from args)) ty(nm)
              cross join lateral (select pg_catalog.to_regtype(ty.nm)::pg_catalog.oid as oid) x
              where x.oid is not null
              union all
              select 'pg_catalog.pg_proc'::pg_catalog.regclass::pg_catalog.oid, x.oid
              from unnest((select a8 from args)) f(sig)
              cross join lateral (select (case when pg_catalog.strpos(f.sig, '(') > 0
                  then pg_catalog.to_regprocedure(f.sig)::pg_catalog.oid
                  else pg_catalog.to_regproc(f.sig)::pg_catalog.oid end) as oid) x
              where x.oid is not null
            ),
            walk(classid, objid, sub) as (
              select classid, objid, 0 from seed
              union
              select x.classid, x.objid, x.sub
              from walk w cross join lateral (
                select d.classid, d.objid, d.objsubid from pg_catalog.pg_depend d
                where d.refclassid = w.classid and d.refobjid = w.objid and d.deptype in ('n', 'a', 'i', 'P', 'S')
                union all
                select d.refclassid, d.refobjid, 0 from pg_catalog.pg_depend d
                where d.classid = w.classid and d.objid = w.objid and d.deptype = 'i'
              ) x(classid, objid, sub)
              -- a column that depends on the object is dropped, not its table: the table is locked, and the walk
              -- goes no further from it
              where w.sub = 0
            ),
            locked(relid) as (
              select w.objid from walk w where w.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
              union
              select i.indrelid from walk w join pg_catalog.pg_index i on i.indexrelid = w.objid
              where w.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
              union
              select h.inhparent from walk w join pg_catalog.pg_class c on c.oid = w.objid
              join pg_catalog.pg_inherits h on h.inhrelid = c.oid
              where w.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and c.relispartition
                and c.relkind in ('r', 'p', 'f')
              union
              select r.relid from walk w join pg_catalog.pg_constraint k on k.oid = w.objid
              cross join lateral (values (k.conrelid), (k.confrelid)) r(relid)
              where w.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
              union
              select t.tgrelid from walk w join pg_catalog.pg_trigger t on t.oid = w.objid
              where w.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass
              union
              select r.ev_class from walk w join pg_catalog.pg_rewrite r on r.oid = w.objid
              where w.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
              union
              select p.polrelid from walk w join pg_catalog.pg_policy p on p.oid = w.objid
              where w.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass
              union
              select a.adrelid from walk w join pg_catalog.pg_attrdef a on a.oid = w.objid
              where w.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
              union
              select oid from con_table
            )
            select c.oid, n.nspname, c.relname, c.relkind::pg_catalog.text, 'AccessExclusiveLock'
            from locked l join pg_catalog.pg_class c on c.oid = l.relid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            union all
            select n.oid, n.nspname, n.nspname, null, 'AccessExclusiveLock'
            from walk w join pg_catalog.pg_namespace n on n.oid = w.objid
            where w.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
            """;

    /** Named relations in given modes, an index's table with its index; parameters: names, mode per name. */
    private static final String RELATIONS_SQL = "with " + args(4) + RESOLVE_NAMES + ", " + """
            wanted(oid, mode) as (
              select n.oid, m.mode from named n
              join unnest((select a3 from args)) with ordinality as m(mode, ord) on m.ord = n.ord
              where n.oid is not null
              union all
              select i.indrelid, m.mode from named n
              join unnest((select a4 from args)) with ordinality as m(mode, ord) on m.ord = n.ord
              join pg_catalog.pg_index i on i.indexrelid = n.oid
            )
            select c.oid, n.nspname, c.relname, c.relkind::pg_catalog.text, w.mode
            from wanted w join pg_catalog.pg_class c on c.oid = w.oid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            """;

    /** TRUNCATE: the tables, their partitions/children, with CASCADE referencing tables, plus indexes and TOAST. */
    private static final String TRUNCATE_SQL = "with recursive " + args(2, "bool") + RESOLVE_NAMES + ", " + """
            truncated(oid) as (
              select oid from named where oid is not null
              union
              select x.oid from truncated t cross join lateral (
                select h.inhrelid from pg_catalog.pg_inherits h where h.inhparent = t.oid
                union all
                select k.conrelid from pg_catalog.pg_constraint k
                where (select a3 from args) and k.contype = 'f' and k.confrelid = t.oid
              ) x(oid)
            ),
            locked(oid) as (
              select oid from truncated
              union
              select i.indexrelid from truncated t join pg_catalog.pg_index i on i.indrelid = t.oid
              join pg_catalog.pg_class ic on ic.oid = i.indexrelid and ic.relkind = 'i'
              union
              select c.reltoastrelid from truncated t join pg_catalog.pg_class c on c.oid = t.oid
              where c.reltoastrelid <> 0
              union
              select i.indexrelid from truncated t join pg_catalog.pg_class c on c.oid = t.oid
              join pg_catalog.pg_index i on i.indrelid = c.reltoastrelid
            )
            select c.oid, n.nspname, c.relname, c.relkind::pg_catalog.text, 'AccessExclusiveLock'
            from locked l join pg_catalog.pg_class c on c.oid = l.oid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            """;

    private static final DialectRules RULES = DialectRules.of(Dialect.POSTGRESQL);

    /**
     * The relations and parts of them that {@link PostgresLockForms} (or a {@code CREATE TABLE}'s dependencies)
     * lock, each in its mode; parameters: names, then one mode array per {@link LockShape.Part}, in its order.
     */
    private static final String SHAPES_SQL = "with recursive " + args(2 + LockShape.Part.values().length)
            + RESOLVE_NAMES + ", " + """
            m(ord, oid, self_m, idx_m, toast_m, tidx_m, seq_m, tbl_m, def_m, pidx_m, desc_m) as (
              select n.ord, n.oid, (select a3 from args)[n.ord::int], (select a4 from args)[n.ord::int],
                     (select a5 from args)[n.ord::int], (select a6 from args)[n.ord::int],
                     (select a7 from args)[n.ord::int], (select a8 from args)[n.ord::int],
                     (select a9 from args)[n.ord::int], (select a10 from args)[n.ord::int],
                     (select a11 from args)[n.ord::int]
              from named n where n.oid is not null
            ),
            descendants(oid, mode) as (
              select h.inhrelid, m.desc_m from m join pg_catalog.pg_inherits h on h.inhparent = m.oid
              where m.desc_m is not null
              union
              select h.inhrelid, d.mode from descendants d join pg_catalog.pg_inherits h on h.inhparent = d.oid
            ),
            wanted(oid, mode) as (
              select m.oid, m.self_m from m where m.self_m is not null
              union all
              select i.indexrelid, m.idx_m from m join pg_catalog.pg_index i on i.indrelid = m.oid
              where m.idx_m is not null
              union all
              select ti.indexrelid, m.tidx_m from m join pg_catalog.pg_class c on c.oid = m.oid
              join pg_catalog.pg_index ti on ti.indrelid = c.reltoastrelid where m.tidx_m is not null
              union all
              select c.reltoastrelid, m.toast_m from m join pg_catalog.pg_class c on c.oid = m.oid
              where c.reltoastrelid <> 0 and m.toast_m is not null
              union all
              select d.objid, m.seq_m from m join pg_catalog.pg_depend d
                on d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.refobjid = m.oid
                and d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.deptype in ('a', 'i')
              join pg_catalog.pg_class s on s.oid = d.objid and s.relkind = 'S' where m.seq_m is not null
              union all
              select i.indrelid, m.tbl_m from m join pg_catalog.pg_index i on i.indexrelid = m.oid
              where m.tbl_m is not null
              union all
              select pt.partdefid, m.def_m from m join pg_catalog.pg_partitioned_table pt on pt.partrelid = m.oid
              where pt.partdefid <> 0 and m.def_m is not null
              union all
              select i.indexrelid, m.pidx_m from m join pg_catalog.pg_index i on i.indrelid = m.oid
              join pg_catalog.pg_class ic on ic.oid = i.indexrelid and ic.relkind = 'I' where m.pidx_m is not null
              union all
              select oid, mode from descendants
            )
            select c.oid, n.nspname, c.relname, c.relkind::pg_catalog.text, w.mode
            from wanted w join pg_catalog.pg_class c on c.oid = w.oid
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            """;

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
        try (PreparedStatement ps = connection.prepareStatement(SHAPES_SQL)) {
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
        try (PreparedStatement ps = connection.prepareStatement(RELATIONS_SQL)) {
            bindNames(connection, ps, 1, names);
            ps.setArray(3, connection.createArrayOf("text", modeNames));
            ps.setArray(4, connection.createArrayOf("text", modeNames));
            return read(ps);
        }
    }

    private static List<PlannedLock> truncate(Connection connection, List<QualifiedName> names, boolean cascade)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(TRUNCATE_SQL)) {
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
        try (PreparedStatement ps = connection.prepareStatement(DROP_SQL)) {
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
