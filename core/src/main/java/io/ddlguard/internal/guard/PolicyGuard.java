package io.ddlguard.internal.guard;

import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.element.DdlElement;
import io.ddlguard.internal.jdbc.ConnectionRecord;
import io.ddlguard.internal.jdbc.JdbcCall;
import io.ddlguard.internal.metrics.GuardMetrics.CheckOutcome;
import io.ddlguard.internal.metrics.GuardMetrics.PolicyOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The engine-neutral half of a lock guard: the policy, the polling that never enters the lock queue, the bounded
 * attempts with their retries, and the report. An engine supplies how to find the holders of a statement's locks
 * ({@link #inspect}), how to bound one attempt ({@link #setAttemptTimeout}), what its lock timeout looks like
 * ({@link #isLockTimeout}) and how to end a session ({@link #terminate}). Thread-safe.
 */
abstract class PolicyGuard implements LockGuard {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyGuard.class);
    private static final long FIRST_POLL_NANOS = Duration.ofMillis(10).toNanos();
    private static final long MAX_POLL_NANOS = Duration.ofMillis(200).toNanos();

    final String name;
    final GuardSettings settings;
    final ConnectionRegistry registry;

    PolicyGuard(String name, GuardSettings settings, ConnectionRegistry registry) {
        this.name = name;
        this.settings = settings;
        this.registry = registry;
    }

    /** What the engine learned about one guarded statement text, and how to ask again who blocks it. */
    interface Inspection {
        /** The statements of the text that need guarding: what the report names. */
        List<DdlElement> elements();

        /** The sessions that would make the statement wait right now, roots of wait chains first. */
        List<LockHolder> holders(Connection connection) throws SQLException;

        /**
         * Whether the statement gets a single attempt with the whole remaining budget, because a timed-out
         * attempt leaves something behind that a retry would trip over.
         */
        default boolean singleAttempt() {
            return false;
        }

        /** Said in the report when the last attempt ended in a lock timeout; empty for nothing. */
        default String afterTimeout() {
            return "";
        }
    }

    /**
     * Learns which locks {@code elements} will take, without entering the lock queue; null when none of them takes
     * a lock another session could hold.
     */
    abstract Inspection inspect(Connection connection, List<DdlElement> elements) throws SQLException;

    /** Bounds each lock wait of the next statement to {@code millis}; returns the setting to restore. */
    abstract String setAttemptTimeout(Connection connection, long millis, boolean inTransaction) throws SQLException;

    /** Puts back what {@link #setAttemptTimeout} returned. */
    abstract void restoreAttemptTimeout(Connection connection, String previous, boolean inTransaction)
            throws SQLException;

    /** Whether {@code e} says the statement could not get a lock in time. */
    abstract boolean isLockTimeout(SQLException e);

    /**
     * Ends session {@code pid}, one of this application's own, unless the engine forbids it (such as a
     * superuser's session on PostgreSQL); whether it was ended.
     */
    abstract boolean terminate(Connection connection, long pid) throws SQLException;

    @Override
    public ConnectionRecord track(Connection raw, String dataSource) throws SQLException {
        return registry.track(raw, dataSource);
    }

    @Override
    public GuardedStatement check(Connection connection, List<DdlElement> elements) throws SQLException {
        long start = System.nanoTime();
        CheckOutcome outcome = CheckOutcome.ERROR;
        try {
            GuardedStatement checked = inspectAndAwait(connection, elements, start);
            outcome = checked instanceof Run run && run.sawHolders ? CheckOutcome.PROCEEDED : CheckOutcome.CLEAR;
            return checked;
        } catch (DropBlockedException e) {
            outcome = CheckOutcome.BLOCKED;
            throw e;
        } finally {
            settings.metrics().guardCheck(outcome, start);
        }
    }

    private GuardedStatement inspectAndAwait(Connection connection, List<DdlElement> elements, long start)
            throws SQLException {
        Inspection inspection;
        try {
            inspection = inspect(connection, elements);
        } catch (SQLException e) {
            if (!connection.getAutoCommit()) {
                throw e; // the failed catalog query aborted the transaction: the statement could not run anyway
            }
            LOG.warn("{}: could not read the locks of {} ({}); running it with bounded attempts only", name,
                    elements.get(0).sql(), e.getMessage());
            inspection = new Blind(elements);
        }
        if (inspection == null) {
            return GuardedStatement.UNGUARDED;
        }
        Run run = new Run(inspection.elements(), inspection, start);
        run.awaitClear(connection, null);
        return run;
    }

    /** The inspection of a statement whose locks could not be read: attempts are still bounded. */
    private record Blind(List<DdlElement> elements) implements Inspection {
        @Override
        public List<LockHolder> holders(Connection connection) {
            return List.of();
        }
    }

    /** One guarded statement text: its inspection, its budget, and what the policy has done so far. */
    private final class Run implements GuardedStatement {
        private final List<DdlElement> elements;
        private final Inspection inspection;
        private final long start;
        private final long deadline;
        private final Set<Long> terminated = new HashSet<>();
        private boolean warned;
        /** Whether any inspection found holders. */
        private boolean sawHolders;

        Run(List<DdlElement> elements, Inspection inspection, long start) {
            this.elements = elements;
            this.inspection = inspection;
            this.start = start;
            this.deadline = start + settings.lockWait().toNanos();
        }

        /**
         * Returns when no other session holds a conflicting lock, or the policy lets the statement go ahead
         * anyway; throws {@link DropBlockedException} when it must not run.
         */
        void awaitClear(Connection connection, SQLException timeout) throws SQLException {
            long poll = FIRST_POLL_NANOS;
            int found = 0;
            while (true) {
                List<LockHolder> holders = inspection.holders(connection);
                if (holders.isEmpty()) {
                    if (found > 0) {
                        settings.metrics().blocked(settings.policy(),
                                terminated.isEmpty() ? PolicyOutcome.CLEARED : PolicyOutcome.TERMINATED, found);
                    }
                    return;
                }
                DropPolicy policy = settings.policy();
                sawHolders = true;
                found = found == 0 ? holders.size() : found;
                if (policy == DropPolicy.FAIL) {
                    throw blocked(holders, timeout);
                }
                if (policy == DropPolicy.LOG) {
                    settings.metrics().blocked(policy, PolicyOutcome.LOGGED, holders.size());
                    if (!warned) {
                        warned = true;
                        LOG.warn("{}: {}", name, BlockerReport.render(sql(), "runs anyway, within its lock timeout",
                                holders, policy, elapsed(), Instant.now()));
                    }
                    return;
                }
                if (policy == DropPolicy.TERMINATE && terminateOwn(connection, holders)) {
                    poll = FIRST_POLL_NANOS;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw blocked(holders, timeout);
                }
                pause(Math.min(poll, remaining), holders);
                poll = Math.min(poll * 2, MAX_POLL_NANOS);
            }
        }

        @Override
        public <T> T execute(Connection connection, JdbcCall<T> call, boolean retryable) throws SQLException {
            retryable &= !inspection.singleAttempt();
            boolean autoCommit = connection.getAutoCommit();
            long attemptMillis = attemptMillis();
            String previous = setAttemptTimeout(connection, attemptMillis, !autoCommit);
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
                            // transaction's end reverts a local setting.
                            restore = autoCommit;
                            throw e;
                        }
                        if (savepoint != null) {
                            connection.rollback(savepoint);
                        }
                        if (!retryable || System.nanoTime() >= deadline) {
                            throw blocked(inspection.holders(connection), e);
                        }
                        awaitClear(connection, e);
                        long next = attemptMillis();
                        if (next != attemptMillis) {
                            attemptMillis = next;
                            setAttemptTimeout(connection, attemptMillis, !autoCommit);
                        }
                    }
                }
            } finally {
                if (restore) {
                    try {
                        restoreAttemptTimeout(connection, previous, !autoCommit);
                    } catch (SQLException e) {
                        LOG.warn("{}: could not restore the lock timeout to {}: {}", name, previous, e.getMessage());
                    }
                }
            }
        }

        /** The per-attempt timeout, shortened to what is left of the budget (at least 1 ms). */
        private long attemptMillis() {
            long remaining = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            long attempt = inspection.singleAttempt() ? remaining : settings.attemptTimeout().toMillis();
            return Math.max(1, Math.min(attempt, remaining));
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        private void pause(long nanos, List<LockHolder> holders) throws DropBlockedException {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                DropBlockedException blocked = blocked(holders, null);
                blocked.addSuppressed(e);
                throw blocked;
            }
        }

        /** Ends the blocking sessions this application owns; whether any was ended now. */
        private boolean terminateOwn(Connection connection, List<LockHolder> holders) {
            boolean any = false;
            for (LockHolder h : holders) {
                if (h.pid().isEmpty() || h.origin().isEmpty() || !terminated.add(h.pid().getAsLong())) {
                    continue;
                }
                long pid = h.pid().getAsLong();
                try {
                    if (terminate(connection, pid)) {
                        any = true;
                        LOG.warn("{}: terminated pid {}, which blocked {}; it was {}", name, pid, sql(),
                                registry.byPid(pid).map(Object::toString).orElse("this application's"));
                    }
                } catch (SQLException e) {
                    LOG.warn("{}: could not terminate pid {}, which blocks {}: {}", name, pid, sql(), e.getMessage());
                }
            }
            return any;
        }

        /** The exception refusing the statement; counted in the metrics as what the policy did. */
        private DropBlockedException blocked(List<LockHolder> holders, SQLException cause) {
            settings.metrics().blocked(settings.policy(),
                    settings.policy() == DropPolicy.FAIL ? PolicyOutcome.REFUSED : PolicyOutcome.TIMED_OUT,
                    holders.size());
            String headline = cause == null && settings.policy() == DropPolicy.FAIL ? "was not run"
                    : "was not run: its locks were not free within " + BlockerReport.duration(settings.lockWait());
            if (cause != null) {
                headline += inspection.afterTimeout();
            }
            Duration waited = elapsed();
            String report = BlockerReport.render(sql(), headline, holders, settings.policy(), waited, Instant.now());
            return new DropBlockedException(report, elements.get(0), holders, settings.policy(), waited, cause);
        }

        private String sql() {
            return elements.size() == 1 ? elements.get(0).sql()
                    : String.join("; ", elements.stream().map(DdlElement::sql).toList());
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + settings + "]";
    }
}
