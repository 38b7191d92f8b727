package io.ddlguard.internal.guard;

import io.ddlguard.ConnectionOrigin;
import io.ddlguard.DdlGuardState;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PlannedLock;
import io.ddlguard.dialect.postgres.PostgresLockInspector;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.DdlElement;
import io.ddlguard.internal.jdbc.ConnectionRecord;
import io.ddlguard.internal.jdbc.JdbcCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
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
 * ({@link PostgresLockInspector}): two queries that never enter the lock queue. Then it applies the policy. The
 * statement itself runs under {@code lock_timeout} set to the per-attempt timeout, and a lock timeout is retried
 * while the lock-wait budget lasts: inside a transaction the attempt is wrapped in a savepoint so that a timed-out
 * attempt leaves the transaction usable. The session's {@code lock_timeout} is restored afterwards. Thread-safe.
 */
public final class PostgresGuard implements LockGuard {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresGuard.class);

    private static final String SET_TIMEOUT =
            "select pg_catalog.current_setting('lock_timeout'), pg_catalog.set_config('lock_timeout', ?, ?)";
    private static final String RESTORE_TIMEOUT = "select pg_catalog.set_config('lock_timeout', ?, ?)";
    private static final String TERMINATE = "select pg_catalog.pg_terminate_backend(?)";
    private static final String[] HIDDEN = {"state", "stateSince", "transactionStart", "query", "clientAddress"};
    private static final long FIRST_POLL_NANOS = Duration.ofMillis(10).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofMillis(200).toNanos();

    private final String name;
    private final GuardSettings settings;
    private final ConnectionRegistry registry;
    private final PostgresLockPlanner planner = new PostgresLockPlanner();
    private final PostgresLockInspector inspector = new PostgresLockInspector();

    /**
     * @param name     the data source's name, for log messages
     * @param settings policy and budgets
     * @param registry the connections this application's guard handed out
     */
    public PostgresGuard(String name, GuardSettings settings, ConnectionRegistry registry) {
        this.name = name;
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public ConnectionRecord track(Connection raw, String dataSource) throws SQLException {
        return registry.track(raw, dataSource);
    }

    @Override
    public GuardedStatement check(Connection connection, List<DdlElement> elements) throws SQLException {
        long start = System.nanoTime();
        List<LockPlan> plans = new ArrayList<>(1);
        try {
            for (DdlElement element : elements) {
                LockPlan plan = planner.plan(connection, element);
                if (!plan.isEmpty()) {
                    plans.add(plan);
                }
            }
            if (plans.isEmpty()) {
                return GuardedStatement.UNGUARDED;
            }
            Run run = new Run(plans.stream().map(LockPlan::element).toList(), plans, start);
            run.awaitClear(connection, null);
            return run;
        } catch (DropBlockedException e) {
            throw e;
        } catch (SQLException e) {
            if (!connection.getAutoCommit()) {
                throw e; // the failed catalog query aborted the transaction: the statement could not run anyway
            }
            LOG.warn("{}: could not read the locks of {} ({}); running it with bounded attempts only", name,
                    elements.get(0).sql(), e.getMessage());
            return new Run(elements, List.of(), start);
        }
    }

    /**
     * The holders that would block {@code elements} right now, as a report would show them; empty when the
     * statements would not wait. Reads the catalogs and lock table only.
     */
    public List<LockHolder> blockers(Connection connection, List<DdlElement> elements) throws SQLException {
        List<LockConflict> conflicts = new ArrayList<>();
        for (DdlElement element : elements) {
            LockPlan plan = planner.plan(connection, element);
            if (!plan.isEmpty()) {
                conflicts.addAll(inspector.holders(connection, plan));
            }
        }
        return holders(connection, conflicts);
    }

    /** One guarded statement text: its plans, its budget, and what the policy has done so far. */
    private final class Run implements GuardedStatement {
        private final List<DdlElement> elements;
        private final List<LockPlan> plans;
        private final long start;
        private final long deadline;
        private final Set<Long> terminated = new HashSet<>();
        /**
         * Whether a statement is a {@code CONCURRENTLY} form: it cannot be retried (a timed-out build leaves an
         * INVALID index behind, so a second attempt finds the name taken), and its waits do not queue other
         * sessions' queries, so it gets one attempt with the whole remaining budget.
         */
        private final boolean concurrently;
        private boolean warned;

        Run(List<DdlElement> elements, List<LockPlan> plans, long start) {
            this.elements = elements;
            this.plans = plans;
            this.start = start;
            this.deadline = start + settings.lockWait().toNanos();
            this.concurrently = plans.stream().anyMatch(p -> p.waitsForOlderSnapshots() || !p.lockerWaits().isEmpty());
        }

        /**
         * Returns when no other session holds a conflicting lock, or the policy lets the statement go ahead
         * anyway; throws {@link DropBlockedException} when it must not run.
         */
        void awaitClear(Connection connection, SQLException timeout) throws SQLException {
            long poll = FIRST_POLL_NANOS;
            while (true) {
                List<LockConflict> conflicts = conflicts(connection);
                if (conflicts.isEmpty()) {
                    return;
                }
                DropPolicy policy = settings.policy();
                if (policy == DropPolicy.FAIL) {
                    throw blocked(connection, conflicts, timeout);
                }
                if (policy == DropPolicy.LOG) {
                    if (!warned) {
                        warned = true;
                        LOG.warn("{}: {}", name, report(connection, conflicts, "runs anyway, within its lock timeout"));
                    }
                    return;
                }
                if (policy == DropPolicy.TERMINATE && terminateOwn(connection, conflicts)) {
                    poll = FIRST_POLL_NANOS;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw blocked(connection, conflicts, timeout);
                }
                pause(Math.min(poll, remaining), connection, conflicts);
                poll = Math.min(poll * 2, MAX_POLL_NANOS);
            }
        }

        @Override
        public <T> T execute(Connection connection, JdbcCall<T> call, boolean retryable) throws SQLException {
            retryable &= !concurrently;
            boolean autoCommit = connection.getAutoCommit();
            long attemptMillis = attemptMillis();
            String previous = setLockTimeout(connection, attemptMillis, !autoCommit);
            boolean restore = true;
            try {
                while (true) {
                    Savepoint savepoint = autoCommit ? null : connection.setSavepoint();
                    try {
                        T result = call.call();
                        if (savepoint != null) {
                            connection.releaseSavepoint(savepoint);
                        }
                        return result;
                    } catch (SQLException e) {
                        if (!isLockTimeout(e)) {
                            // As without the guard: inside a transaction the failure aborted it, and the
                            // transaction's end reverts the local lock_timeout.
                            restore = autoCommit;
                            throw e;
                        }
                        if (savepoint != null) {
                            connection.rollback(savepoint);
                        }
                        if (!retryable || System.nanoTime() >= deadline) {
                            throw blocked(connection, conflicts(connection), e);
                        }
                        awaitClear(connection, e);
                        long next = attemptMillis();
                        if (next != attemptMillis) {
                            attemptMillis = next;
                            setLockTimeout(connection, attemptMillis, !autoCommit);
                        }
                    }
                }
            } finally {
                if (restore) {
                    restoreLockTimeout(connection, previous, !autoCommit);
                }
            }
        }

        /** The per-attempt timeout, shortened to what is left of the budget (at least 1 ms). */
        private long attemptMillis() {
            long remaining = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            long attempt = concurrently ? remaining : settings.attemptTimeout().toMillis();
            return Math.max(1, Math.min(attempt, remaining));
        }

        private List<LockConflict> conflicts(Connection connection) throws SQLException {
            List<LockConflict> conflicts = new ArrayList<>();
            for (LockPlan plan : plans) {
                conflicts.addAll(inspector.holders(connection, plan));
            }
            return conflicts;
        }

        private void pause(long nanos, Connection connection, List<LockConflict> conflicts) throws SQLException {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                DropBlockedException blocked = blocked(connection, conflicts, null);
                blocked.addSuppressed(e);
                throw blocked;
            }
        }

        /** Ends the blocking sessions this application owns; whether any was ended now. */
        private boolean terminateOwn(Connection connection, List<LockConflict> conflicts) throws SQLException {
            boolean any = false;
            for (LockConflict c : conflicts) {
                if (c.pid().isEmpty() || c.superuser()) {
                    continue;
                }
                long pid = c.pid().get();
                Optional<ConnectionRecord> own = registry.byPid(pid);
                if (own.isEmpty() || !terminated.add(pid)) {
                    continue;
                }
                try (PreparedStatement ps = connection.prepareStatement(TERMINATE)) {
                    ps.setInt(1, (int) pid);
                    try (ResultSet rs = ps.executeQuery()) {
                        any |= rs.next() && rs.getBoolean(1);
                    }
                    LOG.warn("{}: terminated pid {}, which blocked {}; it was {}", name, pid,
                            sql(), own.get());
                } catch (SQLException e) {
                    LOG.warn("{}: could not terminate pid {}, which blocks {}: {}", name, pid,
                            sql(), e.getMessage());
                }
            }
            return any;
        }

        private DropBlockedException blocked(Connection connection, List<LockConflict> conflicts, SQLException cause)
                throws SQLException {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            List<LockHolder> holders = holders(connection, conflicts);
            String headline = cause == null && settings.policy() == DropPolicy.FAIL ? "was not run"
                    : "was not run: its locks were not free within " + BlockerReport.duration(settings.lockWait());
            if (concurrently && cause != null) {
                headline += " (a concurrent index build or drop cut off by its lock timeout leaves an INVALID index "
                        + "behind: drop it with DROP INDEX CONCURRENTLY)";
            }
            String report = BlockerReport.render(sql(), headline, holders, settings.policy(), waited, Instant.now());
            return new DropBlockedException(report, elements.get(0), holders, settings.policy(), waited, cause);
        }

        private String report(Connection connection, List<LockConflict> conflicts, String headline)
                throws SQLException {
            return BlockerReport.render(sql(), headline, holders(connection, conflicts), settings.policy(),
                    Duration.ofNanos(System.nanoTime() - start), Instant.now());
        }

        private String sql() {
            return elements.size() == 1 ? elements.get(0).sql()
                    : String.join("; ", elements.stream().map(DdlElement::sql).toList());
        }
    }

    /** One holder per session and locked table-like relation; its index and TOAST locks fold into the table's. */
    private List<LockHolder> holders(Connection connection, List<LockConflict> conflicts) throws SQLException {
        String role = null;
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
            Optional<ConnectionOrigin> origin = c.pid().flatMap(p -> registry.byPid(p)).map(ConnectionRecord::snapshot);
            String because = "role \"" + role + "\" is not a member of pg_read_all_stats (nor of the holder's role)";
            holders.put(key, new LockHolder(pid, c.gid(), c.target().displayName(), c.mode().pgName(), c.granted(),
                    c.cause() == LockConflict.Cause.OLDER_SNAPSHOT, c.state(), c.stateChange(), c.transactionStart(),
                    c.query(), c.user(), c.applicationName(), c.clientAddress(), c.backendStart(), root, origin,
                    hidden ? List.of(HIDDEN) : List.of(), hidden ? Optional.of(because) : Optional.empty()));
        }
        return rootsFirst(holders.values());
    }

    /**
     * The holders grouped by wait chain (in the order the chains first appear) with each chain's root before the
     * sessions queued behind it: the inspector groups by chain but orders a chain's sessions by pid.
     */
    private static List<LockHolder> rootsFirst(Iterable<LockHolder> holders) {
        Map<String, List<LockHolder>> roots = new LinkedHashMap<>();
        Map<String, List<LockHolder>> waiting = new LinkedHashMap<>();
        for (LockHolder h : holders) {
            String chain = h.blockedBy().isPresent() ? "pid " + h.blockedBy().getAsLong()
                    : h.pid().isPresent() ? "pid " + h.pid().getAsLong() : "gid " + h.preparedTransaction().orElse("");
            roots.computeIfAbsent(chain, k -> new ArrayList<>());
            waiting.computeIfAbsent(chain, k -> new ArrayList<>());
            (h.blockedBy().isPresent() ? waiting : roots).get(chain).add(h);
        }
        List<LockHolder> ordered = new ArrayList<>();
        roots.forEach((chain, chainRoots) -> {
            ordered.addAll(chainRoots);
            ordered.addAll(waiting.get(chain));
        });
        return List.copyOf(ordered);
    }

    private static String session(LockConflict c) {
        return c.pid().map(p -> "pid " + p).orElse("gid " + c.gid().orElse(""));
    }

    private static boolean isIndexLike(PlannedLock lock) {
        return lock.kind() == PlannedLock.Kind.INDEX || lock.kind() == PlannedLock.Kind.PARTITIONED_INDEX
                || lock.kind() == PlannedLock.Kind.TOAST_TABLE;
    }

    /** Sets {@code lock_timeout} (locally inside a transaction) and returns the value it had. */
    private static String setLockTimeout(Connection connection, long millis, boolean local) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SET_TIMEOUT)) {
            ps.setString(1, millis + "ms");
            ps.setBoolean(2, local);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private void restoreLockTimeout(Connection connection, String previous, boolean local) {
        try (PreparedStatement ps = connection.prepareStatement(RESTORE_TIMEOUT)) {
            ps.setString(1, previous);
            ps.setBoolean(2, local);
            ps.executeQuery().close();
        } catch (SQLException e) {
            LOG.warn("{}: could not restore lock_timeout to {}: {}", name, previous, e.getMessage());
        }
    }

    /** Whether {@code e}, or an exception chained to it, is PostgreSQL's lock_not_available. */
    static boolean isLockTimeout(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (DdlGuardState.LOCK_NOT_AVAILABLE.sqlState().equals(x.getSQLState())) {
                return true;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PostgresGuard[" + name + ", " + settings + "]";
    }
}
