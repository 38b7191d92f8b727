package io.ddlguard.internal.guard;

import io.ddlguard.internal.jdbc.JdbcCall;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The bounded run of one guarded statement text: each attempt under the lock timeout its {@link Bound} arms, and
 * after an attempt that timed out, the {@link PolicyLoop} that decides whether to try again, while the budget
 * lasts. Made by {@link PolicyGuard#check}; used by the one thread running the statement.
 */
final class GuardRun implements GuardedStatement {

    private final PolicyGuard guard;
    private final PolicyLoop policy;
    /**
     * The bound the check armed and left for the first attempt; null when none, or once {@link #execute} took it.
     * Nothing runs on the connection between the check and the attempt, so its transaction mode is still the one
     * the check saw.
     */
    private Bound bound;

    GuardRun(PolicyGuard guard, PolicyLoop policy, Bound bound) {
        this.guard = guard;
        this.policy = policy;
        this.bound = bound;
    }

    /** Whether the check found holders (that the policy then waited out, ended or let be). */
    boolean sawHolders() {
        return policy.sawHolders();
    }

    @Override
    public <T> T execute(Connection connection, JdbcCall<T> call, boolean retryable) throws SQLException {
        retryable &= !policy.singleAttempt();
        Bound b = bound;
        bound = null;
        if (b == null) {
            b = guard.bound(connection, policy.elements(), connection.getAutoCommit());
        }
        long pace = PolicyLoop.FIRST_POLL_NANOS;
        try {
            while (true) {
                boolean bounded = b.bounded();
                if (!bounded) {
                    policy.runsUnbounded(b.unbounded());
                }
                long attemptMillis = policy.attemptMillis();
                b.beforeAttempt(attemptMillis);
                long attemptStart = System.nanoTime();
                T result;
                try {
                    result = call.call();
                } catch (SQLException e) {
                    if (!guard.isLockTimeout(e)) {
                        Bound instead = retryable ? b.instead(e) : null;
                        b.afterFailure(e);
                        if (instead == null) {
                            throw e;
                        }
                        b.close(); // the attempt left nothing: run it again where it can run
                        b = instead;
                        continue;
                    }
                    b.rollBack();
                    policy.attemptTimedOut();
                    // the holders' reads are bounded like the check's
                    b.arm(attemptMillis);
                    if (!retryable || !bounded || !guard.canWaitOut(e) || policy.expired()) {
                        throw policy.refusal(connection, b, e);
                    }
                    policy.awaitClear(connection, b, e, pace);
                    // Attempts that fail at once (MariaDB's NOWAIT, SQLite's busy handler) are paced like polls.
                    long wait = Math.min(attemptStart + pace - System.nanoTime(), policy.remainingNanos());
                    if (wait > 0) {
                        policy.pause(wait, List.of());
                    }
                    pace = Math.min(pace * 2, PolicyLoop.MAX_POLL_NANOS);
                    continue;
                }
                b.afterSuccess();
                return result;
            }
        } finally {
            b.close();
        }
    }
}
