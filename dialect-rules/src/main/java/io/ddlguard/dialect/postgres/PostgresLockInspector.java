package io.ddlguard.dialect.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the sessions and prepared transactions whose locks would make a planned DDL statement wait, in one
 * query over {@code pg_locks} and {@code pg_stat_activity}, without entering the lock queue itself.
 *
 * <p>A lock counts when it is on a planned relation (or schema) in the current database, belongs to another
 * transaction than the inspecting connection's, and conflicts with the planned mode by PostgreSQL's matrix
 * ({@link LockMode#conflictsWith}). Queued requests count too: a DDL queues behind an earlier queued request
 * even when the two are compatible with what is granted. Advisory locks and predicate ({@code SIReadLock})
 * locks never count. {@code pg_locks} is read once per call, so the answer is one consistent snapshot of
 * the lock table; {@code pg_blocking_pids} is called only for the sessions found and the sessions they wait
 * for, to report the root of each wait chain.
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
            target(relation, objid, mask) as (
              select * from unnest(?::pg_catalog.bool[], ?::pg_catalog.oid[], ?::pg_catalog.int4[])
            ),
            modes(names) as (select ?::pg_catalog.text[]),
            here(db) as (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()),
            hit as (
              select t.relation as is_relation, t.objid as target, l.pid, l.mode, l.granted, l.virtualtransaction
              from locks l join target t on t.relation and l.locktype = 'relation' and l.relation = t.objid
              cross join modes m
              where l.database = (select db from here) and l.pid is distinct from pg_catalog.pg_backend_pid()
                and (t.mask >> (pg_catalog.array_position(m.names, l.mode) - 1)) & 1 = 1
              union all
              select t.relation, t.objid, l.pid, l.mode, l.granted, l.virtualtransaction
              from locks l join target t on not t.relation and l.locktype = 'object'
                and l.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and l.objid = t.objid
              cross join modes m
              where l.database = (select db from here) and l.pid is distinct from pg_catalog.pg_backend_pid()
                and (t.mask >> (pg_catalog.array_position(m.names, l.mode) - 1)) & 1 = 1
            ),
            chain(start, pid, depth) as (
              select distinct h.pid, h.pid, 0 from hit h where h.pid is not null
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
                   a.backend_start, coalesce(u.rolsuper, false)
            from hit h
            left join pg_catalog.pg_stat_activity a on a.pid = h.pid
            left join pg_catalog.pg_roles u on u.oid = a.usesysid
            left join root r on r.start = h.pid
            left join lateral (
              select x.gid from locks t join pg_catalog.pg_prepared_xacts x on x.transaction = t.transactionid
              where h.pid is null and t.locktype = 'transactionid' and t.virtualtransaction = h.virtualtransaction
              limit 1
            ) p on true
            order by coalesce(r.pid, h.pid), h.pid, p.gid, h.target, h.granted desc
            """;

    private static final String HIDDEN_QUERY = "<insufficient privilege>";

    /** An inspector; it keeps no state, so one instance can serve every connection. */
    public PostgresLockInspector() {
    }

    /**
     * The locks of other sessions and prepared transactions that conflict with {@code plan}, ordered by the
     * root of their wait chain; empty when the statement would not wait for any lock (it may still wait for
     * older snapshots: {@link LockPlan#waitsForOlderSnapshots()}).
     *
     * @param connection the connection that will run the statement; its own transaction's locks never count
     * @throws SQLException when the lock views cannot be read
     */
    public List<LockConflict> holders(Connection connection, LockPlan plan) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(plan, "plan");
        if (plan.locks().isEmpty()) {
            return List.of();
        }
        int n = plan.locks().size();
        Boolean[] isRelation = new Boolean[n];
        Long[] oids = new Long[n];
        Integer[] masks = new Integer[n];
        Map<String, PlannedLock> byTarget = new HashMap<>();
        for (int i = 0; i < n; i++) {
            PlannedLock lock = plan.locks().get(i);
            isRelation[i] = lock.isRelation();
            oids[i] = lock.oid();
            masks[i] = lock.mode().conflictMask();
            byTarget.put(key(lock.isRelation(), lock.oid()), lock);
        }
        String[] modeNames = new String[LockMode.values().length];
        for (LockMode mode : LockMode.values()) {
            modeNames[mode.ordinal()] = mode.pgName();
        }
        List<LockConflict> holders = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(HOLDERS_SQL)) {
            ps.setArray(1, connection.createArrayOf("bool", isRelation));
            ps.setArray(2, connection.createArrayOf("oid", oids));
            ps.setArray(3, connection.createArrayOf("int4", masks));
            ps.setArray(4, connection.createArrayOf("text", modeNames));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.add(read(rs, byTarget));
                }
            }
        }
        return List.copyOf(holders);
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
                rs.getBoolean(19));
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
