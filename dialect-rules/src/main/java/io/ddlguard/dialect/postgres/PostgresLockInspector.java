package io.ddlguard.dialect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the sessions and prepared transactions that would make a planned DDL statement wait, in one query over
 * {@code pg_locks} and {@code pg_stat_activity}, without entering the lock queue itself.
 *
 * <p><b>Locks</b> ({@link LockConflict.Cause#LOCK}). A lock counts when it is on a planned relation (or schema) in
 * the current database, belongs to another transaction than the inspecting connection's, and conflicts with the
 * planned mode by PostgreSQL's matrix ({@link LockMode#conflictsWith}). Queued requests count too: a DDL queues
 * behind an earlier queued request even when the two are compatible with what is granted, unless the inspecting
 * transaction already holds a lock on that object (PostgreSQL then places its request ahead of the waiters,
 * which are usually waiting for it). For the
 * {@code CONCURRENTLY} forms, granted locks that conflict with a {@link LockPlan#lockerWaits()} entry count as
 * well (PostgreSQL's {@code WaitForLockers}, which looks at granted locks only): the writers of the table for
 * {@code CREATE INDEX CONCURRENTLY}, every lock on the table, readers included, for
 * {@code DROP INDEX CONCURRENTLY}. Advisory locks and predicate ({@code SIReadLock}) locks never count.
 *
 * <p><b>Older snapshots</b> ({@link LockConflict.Cause#OLDER_SNAPSHOT}), when
 * {@link LockPlan#waitsForOlderSnapshots()}: {@code CREATE INDEX CONCURRENTLY} waits, before it finishes, for
 * every transaction whose snapshot is older than the one it validates with ({@code WaitForOlderSnapshots}), even
 * one that never touched the table. Such a session is reported once (and not at all when it is already
 * reported for a lock) when, like PostgreSQL's {@code GetCurrentVirtualXIDs}, it
 * <ul>
 *   <li>is connected to the current database (not the inspecting connection);</li>
 *   <li>holds a snapshot: {@code pg_stat_activity.backend_xmin} is set. A transaction with a transaction id but
 *       no snapshot ({@code backend_xid} set, {@code backend_xmin} null, as pgjdbc leaves a session idle after
 *       an {@code INSERT}) is not waited for, as measured on PostgreSQL 17; pgjdbc's extended protocol keeps the
 *       snapshot of an idle transaction's last {@code SELECT} until its next statement, so a
 *       {@code select 1} in a READ COMMITTED transaction is enough to be waited for. A prepared transaction
 *       holds no snapshot and is waited for only through its locks;</li>
 *   <li>is not an autovacuum worker (no {@code usesysid}), nor running a lazy {@code VACUUM}
 *       ({@code pg_stat_progress_vacuum}), nor building or reindexing concurrently an index without expressions
 *       or predicate ({@code pg_stat_progress_create_index}; PostgreSQL's {@code PROC_IN_SAFE_IC}), nor a
 *       parallel worker (its leader is reported).</li>
 * </ul>
 * {@code backend_xmin} is readable without {@code pg_read_all_stats}; the progress views' command and the
 * parallel worker's leader are not, so a role without it may see such sessions reported. The set is taken at one
 * instant: a transaction that starts later but before the build reaches that phase is waited for too.
 *
 * <p>{@code pg_locks} is read once per call, so the answer is one consistent snapshot of the lock table;
 * {@code pg_blocking_pids} is called only for the sessions found and the sessions they wait for, to report the
 * root of each wait chain. Reading needs no privilege beyond {@code LOGIN}: {@code pg_locks},
 * {@code pg_stat_activity} and {@code pg_prepared_xacts} are readable by every role (see {@link LockConflict}
 * for what {@code pg_read_all_stats} adds).
 *
 * <p>Pass the connection that will run the DDL: its own locks are never reported. Stateless and thread-safe.
 */
public final class PostgresLockInspector {

    private static final String HOLDERS_SQL = """
            with recursive locks as materialized (
              select l.locktype, l.database, l.relation, l.classid, l.objid, l.mode, l.granted, l.pid,
                     l.virtualtransaction, l.transactionid
              from pg_catalog.pg_locks l
              where l.locktype in ('relation', 'object', 'transactionid')
            ),
            target(relation, objid, mask, held_mask) as (
              select * from unnest(?::pg_catalog.bool[], ?::pg_catalog.oid[], ?::pg_catalog.int4[],
                                   ?::pg_catalog.int4[])
            ),
            modes(names) as (select ?::pg_catalog.text[]),
            snapshot_target(objid) as (select ?::pg_catalog.oid),
            here(db) as (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()),
            hit as (
              select t.relation as is_relation, t.objid as target, l.pid, l.mode, l.granted, l.virtualtransaction,
                     'LOCK'::pg_catalog.text as cause
              from locks l join target t on t.relation and l.locktype = 'relation' and l.relation = t.objid
              cross join modes m
              where l.database = (select db from here) and l.pid is distinct from pg_catalog.pg_backend_pid()
                and (l.granted or not exists (
                  select from locks o where o.pid = pg_catalog.pg_backend_pid() and o.granted
                    and o.locktype = 'relation' and o.database = l.database and o.relation = l.relation))
                and ((case when l.granted then t.held_mask else t.mask end)
                     >> (pg_catalog.array_position(m.names, l.mode) - 1)) & 1 = 1
              union all
              select t.relation, t.objid, l.pid, l.mode, l.granted, l.virtualtransaction, 'LOCK'
              from locks l join target t on not t.relation and l.locktype = 'object'
                and l.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and l.objid = t.objid
              cross join modes m
              where l.database = (select db from here) and l.pid is distinct from pg_catalog.pg_backend_pid()
                and (l.granted or not exists (
                  select from locks o where o.pid = pg_catalog.pg_backend_pid() and o.granted
                    and o.locktype = 'object' and o.database = l.database and o.classid = l.classid
                    and o.objid = l.objid))
                and ((case when l.granted then t.held_mask else t.mask end)
                     >> (pg_catalog.array_position(m.names, l.mode) - 1)) & 1 = 1
            ),
            older_snapshot as (
              select true as is_relation, s.objid as target, a.pid, 'ExclusiveLock'::pg_catalog.text as mode,
                     true as granted, null::pg_catalog.text as virtualtransaction,
                     'OLDER_SNAPSHOT'::pg_catalog.text as cause
              from snapshot_target s join pg_catalog.pg_stat_activity a on s.objid is not null
              where a.datid = (select db from here) and a.pid <> pg_catalog.pg_backend_pid()
                and a.backend_xmin is not null
                and a.usesysid is not null
                and a.backend_type is distinct from 'autovacuum worker'
                and a.leader_pid is null
                and not exists (select from pg_catalog.pg_stat_progress_vacuum v where v.pid = a.pid)
                and not exists (
                  select from pg_catalog.pg_stat_progress_create_index p
                  join pg_catalog.pg_index i on i.indexrelid = p.index_relid
                  where p.pid = a.pid and p.command in ('CREATE INDEX CONCURRENTLY', 'REINDEX CONCURRENTLY')
                    and i.indexprs is null and i.indpred is null)
                and not exists (select from hit h where h.pid = a.pid)
            ),
            conflict as (
              select * from hit
              union all
              select * from older_snapshot
            ),
            chain(start, pid, depth) as (
              select distinct h.pid, h.pid, 0 from conflict h where h.pid is not null
              union all
              select c.start, b.pid, c.depth + 1
              from chain c cross join lateral (
                select min(x) as pid from unnest(pg_catalog.pg_blocking_pids(c.pid)) x where x <> 0
              ) b
              where b.pid is not null and c.depth < 32
            ),
            root(start, pid) as (
              select distinct on (start) start, pid from chain order by start, depth desc
            )
            select h.is_relation, h.target, h.pid, p.gid, a.application_name, a.usename::pg_catalog.text,
                   pg_catalog.host(a.client_addr), a.state, a.state_change, a.xact_start, a.backend_type,
                   h.mode, h.granted, a.query, a.wait_event_type || ':' || a.wait_event, r.pid, a.pid is not null,
                   a.backend_start, coalesce(u.rolsuper, false), h.cause
            from conflict h
            left join pg_catalog.pg_stat_activity a on a.pid = h.pid
            left join pg_catalog.pg_roles u on u.oid = a.usesysid
            left join root r on r.start = h.pid
            left join lateral (
              select x.gid from locks t join pg_catalog.pg_prepared_xacts x on x.transaction = t.transactionid
              where h.pid is null and t.locktype = 'transactionid' and t.virtualtransaction = h.virtualtransaction
              limit 1
            ) p on true
            order by coalesce(r.pid, h.pid), h.pid, p.gid, h.cause, h.target, h.granted desc
            """;

    private static final String HIDDEN_QUERY = "<insufficient privilege>";

    /** An inspector; it keeps no state, so one instance can serve every connection. */
    public PostgresLockInspector() {
    }

    /**
     * The locks of other sessions and prepared transactions that conflict with {@code plan}, and for
     * {@code CREATE INDEX CONCURRENTLY} the sessions holding older snapshots, ordered by the root of their wait
     * chain; empty when the statement would not wait for anyone.
     *
     * @param connection the connection that will run the statement; its own transaction's locks never count
     * @throws SQLException when the lock views cannot be read
     */
    public List<LockConflict> holders(Connection connection, LockPlan plan) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(plan, "plan");
        if (plan.locks().isEmpty() && plan.lockerWaits().isEmpty()) {
            return List.of();
        }
        Map<String, PlannedLock> byTarget = new LinkedHashMap<>();
        Map<String, int[]> masks = new LinkedHashMap<>();
        for (PlannedLock lock : plan.locks()) {
            String key = key(lock.isRelation(), lock.oid());
            byTarget.putIfAbsent(key, lock);
            int mask = lock.mode().conflictMask();
            masks.merge(key, new int[] {mask, mask}, (a, b) -> new int[] {a[0] | b[0], a[1] | b[1]});
        }
        for (PlannedLock wait : plan.lockerWaits()) {
            // Waited out once granted: only held locks count, reported against the lock taken on that relation.
            String key = key(wait.isRelation(), wait.oid());
            byTarget.putIfAbsent(key, wait);
            masks.merge(key, new int[] {0, wait.mode().conflictMask()}, (a, b) -> new int[] {a[0], a[1] | b[1]});
        }
        int n = byTarget.size();
        Boolean[] isRelation = new Boolean[n];
        Long[] oids = new Long[n];
        Integer[] queuedMasks = new Integer[n];
        Integer[] heldMasks = new Integer[n];
        int i = 0;
        for (Map.Entry<String, PlannedLock> entry : byTarget.entrySet()) {
            isRelation[i] = entry.getValue().isRelation();
            oids[i] = entry.getValue().oid();
            queuedMasks[i] = masks.get(entry.getKey())[0];
            heldMasks[i] = masks.get(entry.getKey())[1];
            i++;
        }
        String[] modeNames = new String[LockMode.values().length];
        for (LockMode mode : LockMode.values()) {
            modeNames[mode.ordinal()] = mode.pgName();
        }
        Long snapshotTarget = plan.waitsForOlderSnapshots()
                ? plan.locks().stream().filter(PostgresLockInspector::isTable).map(PlannedLock::oid).findFirst()
                        .orElse(null)
                : null;
        List<LockConflict> holders = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(HOLDERS_SQL)) {
            ps.setArray(1, connection.createArrayOf("bool", isRelation));
            ps.setArray(2, connection.createArrayOf("oid", oids));
            ps.setArray(3, connection.createArrayOf("int4", queuedMasks));
            ps.setArray(4, connection.createArrayOf("int4", heldMasks));
            ps.setArray(5, connection.createArrayOf("text", modeNames));
            if (snapshotTarget == null) {
                ps.setNull(6, Types.BIGINT);
            } else {
                ps.setLong(6, snapshotTarget);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.add(read(rs, byTarget));
                }
            }
        }
        return List.copyOf(holders);
    }

    private static boolean isTable(PlannedLock lock) {
        return lock.isRelation() && lock.kind() != PlannedLock.Kind.INDEX
                && lock.kind() != PlannedLock.Kind.PARTITIONED_INDEX;
    }

    private static LockConflict read(ResultSet rs, Map<String, PlannedLock> byTarget) throws SQLException {
        PlannedLock target = byTarget.get(key(rs.getBoolean(1), rs.getLong(2)));
        Optional<Integer> pid = integer(rs, 3);
        Optional<String> query = Optional.ofNullable(rs.getString(14));
        boolean hasSession = rs.getBoolean(17);
        LockConflict.Visibility visibility = !hasSession ? LockConflict.Visibility.NO_SESSION
                : query.filter(HIDDEN_QUERY::equals).isPresent() ? LockConflict.Visibility.PRIVILEGE_HIDDEN
                : LockConflict.Visibility.FULL;
        if (visibility == LockConflict.Visibility.PRIVILEGE_HIDDEN) {
            query = Optional.empty();
        }
        return new LockConflict(pid, Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                Optional.ofNullable(rs.getString(6)), Optional.ofNullable(rs.getString(7)),
                Optional.ofNullable(rs.getString(8)), instant(rs, 9), instant(rs, 10),
                Optional.ofNullable(rs.getString(11)),
                LockMode.fromPgName(rs.getString(12)).orElseThrow(), rs.getBoolean(13), target, query,
                Optional.ofNullable(rs.getString(15)), integer(rs, 16), visibility, instant(rs, 18),
                rs.getBoolean(19), LockConflict.Cause.valueOf(rs.getString(20)));
    }

    private static String key(boolean relation, long oid) {
        return (relation ? "r" : "n") + oid;
    }

    private static Optional<Integer> integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
