package io.ddlguard.internal.guard;

import io.ddlguard.ConnectionOrigin;
import io.ddlguard.DdlGuardState;
import io.ddlguard.LockHolder;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PlannedLock;
import io.ddlguard.dialect.postgres.PostgresLockInspector;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlSecrets;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DdlElement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The PostgreSQL guard. Before a guarded statement runs it predicts the statement's locks from the catalogs
 * ({@link PostgresLockPlanner}) and reads which other sessions hold or await conflicting ones
 * ({@link PostgresLockInspector}): two queries that never enter the lock queue. Each attempt runs under
 * {@code lock_timeout} (local inside a transaction), and a lock timeout is SQLState {@code 55P03}. The
 * {@code CONCURRENTLY} forms get a single attempt: a timed-out one leaves an INVALID index behind. Sessions are
 * ended with {@code pg_terminate_backend}, never a superuser's. The policy and attempts are {@link PolicyGuard}'s.
 * Thread-safe.
 */
public final class PostgresGuard extends PolicyGuard {

    private static final String SET_TIMEOUT =
            "select pg_catalog.current_setting('lock_timeout'), pg_catalog.set_config('lock_timeout', ?, ?)";
    private static final String RESTORE_TIMEOUT = "select pg_catalog.set_config('lock_timeout', ?, ?)";
    /**
     * Ends a session unless its role is a superuser or this session may not signal it (CASE evaluates only the
     * branch it takes, so neither case raises an error that would abort a transaction): the role, whether it is a
     * superuser, whether this session may signal it, and whether the signal was sent; no row when it has ended.
     */
    private static final String TERMINATE = """
            select rolname, rolsuper, may,
                   case when may and not rolsuper then pg_catalog.pg_terminate_backend(pid) else false end
            from (select a.pid, r.rolname, r.rolsuper,
                         pg_catalog.pg_has_role(a.usesysid, 'USAGE')
                             or pg_catalog.pg_has_role('pg_signal_backend', 'USAGE') as may
                  from pg_catalog.pg_stat_activity a join pg_catalog.pg_roles r on r.oid = a.usesysid
                  where a.pid = ?) s""";
    /** How holders' queries are lexed to mask their secrets. */
    private static final DialectRules RULES = DialectRules.of(Dialect.POSTGRESQL);
    private static final String[] HIDDEN = {"state", "stateSince", "transactionStart", "query", "clientAddress"};

    private final PostgresLockPlanner planner = new PostgresLockPlanner();
    private final PostgresLockInspector inspector = new PostgresLockInspector();

    /**
     * @param name     the data source's name, for log messages
     * @param settings policy and budgets
     * @param registry the connections this application's guard handed out
     */
    public PostgresGuard(String name, GuardSettings settings, ConnectionRegistry registry) {
        super(name, settings, registry);
    }

    @Override
    Inspection inspect(Connection connection, List<DdlElement> elements) throws SQLException {
        List<LockPlan> plans = new ArrayList<>(1);
        for (DdlElement element : elements) {
            LockPlan plan = planner.plan(connection, element);
            if (!plan.isEmpty()) {
                plans.add(plan);
            }
        }
        return plans.isEmpty() ? null : new Plans(plans);
    }

    /** The lock plans of one statement text. */
    private final class Plans implements Inspection {
        private final List<LockPlan> plans;

        Plans(List<LockPlan> plans) {
            this.plans = plans;
        }

        @Override
        public List<DdlElement> elements() {
            return plans.stream().map(LockPlan::element).toList();
        }

        @Override
        public List<LockHolder> holders(Connection connection) throws SQLException {
            List<LockConflict> conflicts = new ArrayList<>();
            for (LockPlan plan : plans) {
                conflicts.addAll(inspector.holders(connection, plan));
            }
            return PostgresGuard.this.holders(connection, conflicts);
        }

        @Override
        public boolean singleAttempt() {
            return plans.stream().anyMatch(p -> p.waitsForOlderSnapshots() || !p.lockerWaits().isEmpty());
        }

        @Override
        public String afterTimeout() {
            return singleAttempt() ? " (a concurrent index build or drop cut off by its lock timeout leaves an"
                    + " INVALID index behind: drop it with DROP INDEX CONCURRENTLY)" : "";
        }
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
    Termination terminate(Connection connection, long pid) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(TERMINATE)) {
            ps.setInt(1, (int) pid);
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
                return rs.getBoolean(4) ? Termination.ENDED : Termination.GONE;
            }
        }
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
    boolean restoreAfterFailure(boolean autoCommit) {
        return autoCommit;
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
    private List<LockHolder> holders(Connection connection, List<LockConflict> conflicts) throws SQLException {
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
            Optional<ConnectionOrigin> origin = c.pid().flatMap(p -> origin(server, p));
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
