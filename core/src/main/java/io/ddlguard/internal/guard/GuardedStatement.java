package io.ddlguard.internal.guard;

import io.ddlguard.internal.jdbc.JdbcCall;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One guarded statement text between its check and its execution: {@link LockGuard#check} returns it after the
 * lock table showed no holders (or the policy let the statement proceed), and {@link #execute} runs it within
 * the guard's lock-wait budget.
 */
public interface GuardedStatement {

    /** The statement text needs no guarding: run it as it is. */
    GuardedStatement UNGUARDED = new GuardedStatement() {
        @Override
        public <T> T execute(Connection connection, JdbcCall<T> call, boolean retryable) throws SQLException {
            return call.call();
        }
    };

    /**
     * Runs {@code call} on {@code connection} (the driver's connection that will run it) with a short lock
     * timeout per attempt, retrying a lock timeout while the budget lasts when {@code retryable}.
     *
     * @param retryable whether {@code call} may run again after it failed: false for batches, which the driver
     *     empties whatever the outcome
     */
    <T> T execute(Connection connection, JdbcCall<T> call, boolean retryable) throws SQLException;
}
