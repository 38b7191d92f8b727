package io.ddlguard.internal.guard;

import io.ddlguard.ConnectionOrigin;
import io.ddlguard.DdlGuardState;
import io.ddlguard.LockHolder;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PlannedLock;
import io.ddlguard.dialect.postgres.PostgresLockInspector;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.dialect.postgres.PostgresStatements;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlSecrets;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DdlElement;
import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The PostgreSQL guard. It fails closed: every statement that can take a lock runs in bounded attempts, whatever
 * the planner knows of it, and only the proven lock-free forms ({@link PostgresLockPlanner#lockFree}) run as they
 * are. Before a statement of a planned form runs it predicts the statement's locks from the catalogs
 * ({@link PostgresLockPlanner}) and reads which other sessions hold or await conflicting ones
 * ({@link PostgresLockInspector}): two queries that never enter the lock queue. A statement of any other form is
 * attempted first, and after a lock timeout the sessions holding any lock on the relations it names are reported
 * as candidates. Each attempt runs under a {@code lock_timeout} scoped to a transaction ({@link PostgresBounds}: the
 * statement's own in auto-commit, a savepoint of the caller's otherwise), so that nothing is left on a server session
 * a pooler may hand to another client, and a lock timeout is SQLState {@code 55P03}. The
 * {@code CONCURRENTLY} forms get a single attempt: a timed-out one leaves an INVALID index behind. Sessions are
 * ended with {@code pg_terminate_backend}, never a superuser's. The policy and attempts are {@link PolicyGuard}'s.
 * Thread-safe.
 */
public final class PostgresGuard extends PolicyGuard {

    private static final String SET_TIMEOUT =
            "select pg_catalog.current_setting('lock_timeout'), pg_catalog.set_config('lock_timeout', ?, ?)";
    private static final String RESTORE_TIMEOUT = "select pg_catalog.set_config('lock_timeout', ?, ?)";
    /**
     * Ends session {@code pid} if it is still the one that started at the given time (a pid is reused once its
     * session ended: a later session with the same pid has another {@code backend_start}), unless its role is a
     * superuser or this session may not signal it. CASE evaluates only the branch it takes, so neither case raises an
     * error that would abort a transaction. Returns the role, whether it is a superuser, whether this session may
     * signal it, whether it is the same session (null when its start is hidden from this role), and whether the
     * signal was sent; no row when the pid has no session.
     */
    private static final String TERMINATE = """
            select rolname, rolsuper, may, same,
                   case when may and not rolsuper and same then pg_catalog.pg_terminate_backend(pid) else false end
            from (select a.pid, r.rolname, r.rolsuper, a.backend_start = ? as same,
                         pg_catalog.pg_has_role(a.usesysid, 'USAGE')
                             or pg_catalog.pg_has_role('pg_signal_backend', 'USAGE') as may
                  from pg_catalog.pg_stat_activity a join pg_catalog.pg_roles r on r.oid = a.usesysid
                  where a.pid = ?) s""";
    /** How holders' queries are lexed to mask their secrets. */
    private static final DialectRules RULES = DialectRules.of(Dialect.POSTGRESQL);
    private static final String[] HIDDEN = {"state", "stateSince", "transactionStart", "query", "clientAddress"};

    /** The oldest PostgreSQL whose lock holders the inspector can read ({@code pg_stat_activity.leader_pid}). */
    static final int MINIMUM_MAJOR_VERSION = 13;
    private static final Log LOG = Log.of(PostgresGuard.class);

    final PostgresLockPlanner planner = new PostgresLockPlanner();
    /** Why this server's holders cannot be read; "" when they can; null until the first statement. */
    private volatile String serverLimitation;
    final PostgresLockInspector inspector = new PostgresLockInspector();

    /**
     * @param name     the data source's name, for log messages
     * @param settings policy and budgets
     * @param registry the connections this application's guard handed out
     */
    public PostgresGuard(String name, GuardSettings settings, ConnectionRegistry registry) {
        super(name, settings, registry);
    }

    /**
     * Every statement of the text is bounded unless it is one of the proven lock-free forms
     * ({@link PostgresLockPlanner#lockFree}). A form the planner knows is planned and pre-checked; any other
     * (an unplanned form, a {@code DO} block, a maintenance statement, one the parser could not read) makes the
     * first attempt the check, and after a timeout the report names every session holding a lock on the
     * relations it names, as candidates.
     */
    @Override
    Inspection inspect(Connection connection, List<DdlElement> elements) throws SQLException {
        String tooOld = unsupportedServer(connection);
        if (tooOld != null) {
            return elements.stream().allMatch(PostgresLockPlanner::lockFree) ? null
                    : new Inspection.Blind(elements, tooOld);
        }
        List<LockPlan> plans = new ArrayList<>(1);
        List<DdlElement> unplanned = new ArrayList<>(0);
        boolean lockFree = true;
        for (DdlElement element : elements) {
            if (PostgresLockPlanner.lockFree(element)) {
                continue;
            }
            lockFree = false;
            if (PostgresLockPlanner.readsCatalog(element)) {
                LockPlan plan = planner.plan(connection, element);
                if (!plan.isEmpty()) {
                    plans.add(plan);
                }
            } else {
                unplanned.add(element);
            }
        }
        return lockFree ? null : new PostgresInspection(this, elements, plans, unplanned);
    }

    /**
     * Why this server's lock holders cannot be read, or null when they can: the holder query needs PostgreSQL 13
     * ({@code pg_stat_activity.leader_pid}). Learned once, from the driver's metadata (pgjdbc knows the version
     * from the connection's start: no round trip). On an older server every guarded statement still runs in
     * bounded attempts; only the pre-check and the names are lost, and the report says so.
     */
    private String unsupportedServer(Connection connection) throws SQLException {
        String known = serverLimitation;
        if (known == null) {
            int major = connection.getMetaData().getDatabaseMajorVersion();
            known = major >= MINIMUM_MAJOR_VERSION ? "" : "PostgreSQL " + major + " is older than "
                    + MINIMUM_MAJOR_VERSION + ", the first version whose lock holders ddlguard can read: the statement"
                    + " ran in bounded attempts alone, and no holder can be named";
            if (!known.isEmpty()) {
                LOG.warn("{}: {}; every guarded statement runs in bounded attempts alone", name,
                        known.substring(0, known.indexOf(':')));
            }
            serverLimitation = known;
        }
        return known.isEmpty() ? null : known;
    }

    @Override
    String setAttemptTimeout(Connection connection, long millis, boolean inTransaction) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SET_TIMEOUT)) {
            ps.setString(1, millis + "ms");
            ps.setBoolean(2, inTransaction);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Override
    void restoreAttemptTimeout(Connection connection, String previous, boolean inTransaction) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(RESTORE_TIMEOUT)) {
            ps.setString(1, previous);
            ps.setBoolean(2, inTransaction);
            ps.executeQuery().close();
        }
    }

    @Override
    Termination terminate(Connection connection, long pid, Optional<Instant> started) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(TERMINATE)) {
            if (started.isPresent()) {
                ps.setObject(1, OffsetDateTime.ofInstant(started.get(), ZoneOffset.UTC));
            } else {
                ps.setNull(1, Types.TIMESTAMP_WITH_TIMEZONE);
            }
            ps.setInt(2, (int) pid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Termination.GONE;
                }
                if (rs.getBoolean(2)) {
                    return Termination.spared("its role " + rs.getString(1) + " is a superuser");
                }
                if (!rs.getBoolean(3)) {
                    return Termination.spared("this session's role may not signal role " + rs.getString(1)
                            + ": it needs that role's privileges or pg_signal_backend");
                }
                boolean same = rs.getBoolean(4);
                if (rs.wasNull()) {
                    return Termination.spared("its session's start is hidden from this role, so it cannot be told"
                            + " from a later session given the same pid: this role needs pg_read_all_stats");
                }
                if (!same) {
                    return Termination.GONE; // the session ended and its pid went to another
                }
                return rs.getBoolean(5) ? Termination.ENDED : Termination.GONE;
            }
        }
    }

    /**
     * What this guard's {@code DdlGuard} knows of how this server is reached; shared by all its guards, and kept
     * here once found, because every borrow asks.
     */
    private PostgresSessions sessions(Connection connection) throws SQLException {
        PostgresSessions s = sessions;
        if (s == null) {
            s = registry.serverState(server(connection), PostgresSessions.class,
                    () -> new PostgresSessions(name, settings.poolMode()));
            sessions = s;
        }
        return s;
    }

    private volatile PostgresSessions sessions;

    /** The server session behind {@code raw}, as {@link PostgresSessions} learns it. */
    @Override
    ServerSession session(Connection raw) throws SQLException {
        return sessions(raw).session(raw);
    }

    /**
     * PostgreSQL's bounds are scoped to a transaction ({@link PostgresBounds}): the statement's own, in auto-commit,
     * or a savepoint of the caller's. A statement that cannot run in a transaction block gets the session's lock
     * timeout, put back after it, on a connection known to be direct (or declared session-pooled); elsewhere it is
     * checked, then runs unbounded, because a session setting would reach whichever server session the pooler gave
     * the next statement, and stay there.
     */
    @Override
    Bound bound(Connection connection, List<DdlElement> elements, boolean autoCommit) throws SQLException {
        PostgresSessions.Placement placement = sessions(connection).placement(connection);
        if (!autoCommit) {
            return new PostgresBounds.InSavepoint(name, connection, placement.servedBy());
        }
        Supplier<Bound> outside = () -> outsideTransaction(connection, placement);
        for (DdlElement element : elements) {
            if (PostgresStatements.outsideTransactionBlock(element.sql())) {
                return outside.get();
            }
        }
        return new PostgresBounds.OwnTransaction(name, connection, placement.servedBy(), outside);
    }

    private Bound outsideTransaction(Connection connection, PostgresSessions.Placement placement) {
        if (placement.sessionSettingsSafe()) {
            return new SessionBound(name, sessionTimeout, connection, false, false);
        }
        String why = !placement.known()
                ? "it cannot run in a transaction block, and ddlguard could not tell whether this connection is"
                + " direct or pooled, so it set no session lock timeout, which a pooler could leave on another"
                + " client's server session"
                : "it cannot run in a transaction block, and this connection goes through a connection pooler that"
                + " may hand each transaction another server session, where a session lock timeout would land and"
                + " stay (PgBouncer's transaction mode; set poolMode SESSION if it pools sessions)";
        return new PostgresBounds.CheckOnly(name, connection, placement.servedBy(), why);
    }

    @Override
    String untraced(Connection connection) throws SQLException {
        return sessions(connection).untraced();
    }

    /** A catalog locked by {@code VACUUM FULL}, {@code REINDEX} or {@code LOCK TABLE} makes the planner's read wait. */
    @Override
    boolean inspectionWaitsForLocks(List<DdlElement> elements) {
        for (DdlElement e : elements) {
            if (PostgresLockPlanner.readsCatalog(e)) {
                return true;
            }
        }
        return false; // nothing to read: a CREATE TABLE costs no round trip
    }

    @Override
    boolean transactionalDdl() {
        return true;
    }

    @Override
    SessionIds sessionIds() {
        return SessionIds.POSTGRES;
    }

    @Override
    String serverKey(String url) {
        return authority(super.serverKey(url));
    }

    /** Whether {@code e}, or an exception chained to it, is PostgreSQL's lock_not_available. */
    @Override
    boolean isLockTimeout(SQLException e) {
        return anyInChain(e, x -> DdlGuardState.LOCK_NOT_AVAILABLE.sqlState().equals(x.getSQLState()));
    }

    /** One holder per session and locked table-like relation; its index and TOAST locks fold into the table's. */
    List<LockHolder> holders(Connection connection, List<LockConflict> conflicts) throws SQLException {
        String role = null;
        String server = server(connection);
        Map<String, LockHolder> holders = new LinkedHashMap<>();
        Set<String> sessionsWithTables = new HashSet<>();
        for (LockConflict c : conflicts) {
            if (!isIndexLike(c.target())) {
                sessionsWithTables.add(session(c));
            }
        }
        for (LockConflict c : conflicts) {
            String session = session(c);
            if (isIndexLike(c.target()) && sessionsWithTables.contains(session)) {
                continue;
            }
            String key = session + '|' + c.target().displayName() + '|' + c.mode();
            if (holders.containsKey(key)) {
                continue;
            }
            boolean hidden = c.visibility() == LockConflict.Visibility.PRIVILEGE_HIDDEN;
            if (hidden && role == null) {
                role = connection.getMetaData().getUserName();
            }
            OptionalLong pid = c.pid().map(p -> OptionalLong.of(p.longValue())).orElse(OptionalLong.empty());
            OptionalLong root = c.rootPid().filter(r -> !r.equals(c.pid().orElse(null)))
                    .map(r -> OptionalLong.of(r.longValue())).orElse(OptionalLong.empty());
            PostgresSessions known = sessions(connection);
            Optional<ConnectionOrigin> origin = !known.traceable() ? Optional.empty()
                    : c.pid().flatMap(p -> origin(server, p, c.backendStart(), known.clockOffset()));
            String because = "role \"" + role + "\" is not a member of pg_read_all_stats (nor of the holder's role)";
            holders.put(key, new LockHolder(pid, c.gid(), c.target().displayName(), c.mode().pgName(), c.granted(),
                    c.cause() == LockConflict.Cause.OLDER_SNAPSHOT, c.state(), c.stateChange(), c.transactionStart(),
                    c.query().map(q -> SqlSecrets.redact(q, RULES)), c.user(), c.applicationName(), c.clientAddress(),
                    c.backendStart(), root, origin,
                    hidden ? List.of(HIDDEN) : List.of(), hidden ? Optional.of(because) : Optional.empty()));
        }
        return BlockerReport.rootsFirst(holders.values());
    }

    private static String session(LockConflict c) {
        return c.pid().map(p -> "pid " + p).orElse("gid " + c.gid().orElse(""));
    }

    private static boolean isIndexLike(PlannedLock lock) {
        return lock.kind() == PlannedLock.Kind.INDEX || lock.kind() == PlannedLock.Kind.PARTITIONED_INDEX
                || lock.kind() == PlannedLock.Kind.TOAST_TABLE;
    }

}
