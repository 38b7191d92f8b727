package io.ddlguard.dialect.postgres;

/**
 * The catalog queries of {@link PostgresLockPlanner}: each resolves the names of one statement to relations and the
 * lock modes it takes on them, in one round trip that locks none of those relations (it takes only
 * {@code AccessShareLock} on the catalogs it reads). Their rows are a relation's oid, schema, name, {@code relkind}
 * and mode.
 */
final class PlannerQueries {

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
    static final String DROP = "with recursive " + args(8) + RESOLVE_NAMES + ", " + """
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
    static final String RELATIONS = "with " + args(4) + RESOLVE_NAMES + ", " + """
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
    static final String TRUNCATE = "with recursive " + args(2, "bool") + RESOLVE_NAMES + ", " + """
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

    /**
     * The relations and parts of them that {@link PostgresLockForms} (or a {@code CREATE TABLE}'s dependencies)
     * lock, each in its mode; parameters: names, then one mode array per {@link LockShape.Part}, in its order.
     */
    static final String SHAPES = "with recursive " + args(2 + LockShape.Part.values().length)
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

    private PlannerQueries() {
    }
}
