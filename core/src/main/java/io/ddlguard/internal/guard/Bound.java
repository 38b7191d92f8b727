package io.ddlguard.internal.guard;

import java.sql.SQLException;

/**
 * How the lock waits of one guarded statement are bounded on one connection, from its check to its last attempt: the
 * engine's part of the bounded run, driven by {@link PolicyGuard}. An engine makes one per guarded statement
 * ({@link PolicyGuard#bound}); it is used by one thread, once, in this order:
 *
 * <pre>
 *   [arm [rollBack]]              the check's catalog reads, when they can wait for a lock, and a failed one
 *   beforeAttempt (rollBack [arm] beforeAttempt)* then afterSuccess | afterFailure
 *   close                         always last: puts back whatever is still set, whatever happened before
 * </pre>
 *
 * {@link #close()} may also come at any point before that: the statement needs no guarding, was refused, or
 * listeners are about to run on the connection (then a second bound serves the attempts). Whatever a bound sets
 * lives no longer than the statement: after {@link #close()} the connection's transaction mode, its settings and its
 * savepoints are as the caller left them, and no server session a pooler shares with other clients keeps anything.
 */
interface Bound {

    /**
     * Bounds each lock wait of what runs next to {@code millis}: the check's catalog reads, or the holders' reads
     * after a timed-out attempt. Opens what the bound needs (a transaction, a savepoint) if it is not open.
     */
    void arm(long millis) throws SQLException;

    /** Bounds each lock wait of the attempt that runs next to {@code millis}; by default as {@link #arm}. */
    default void beforeAttempt(long millis) throws SQLException {
        arm(millis);
    }

    /**
     * Undoes what ran since the bound began, so that the statement can be attempted again or refused: after an
     * attempt that ended in a lock timeout, and after a catalog read that failed (on PostgreSQL a failed read aborts
     * the transaction it ran in). What {@link #arm} set may be undone with it: arm again before reading.
     */
    void rollBack() throws SQLException;

    /** The attempt ran: keep what it did. A failure here (a commit that fails) is the statement's failure. */
    void afterSuccess() throws SQLException;

    /**
     * The attempt failed with {@code failure}, which is not a lock timeout: leave the caller's transaction as the
     * failure left it, as without the guard. What goes wrong here is added to {@code failure} as suppressed.
     */
    void afterFailure(SQLException failure);

    /** Puts back whatever this bound still has set; called last, whatever happened. Never throws. */
    void close();

    /**
     * Whether the attempts' lock waits are bounded at all. False where no bound can be kept: then the statement runs
     * once, after its check, waiting as long as its locks take, and the report and the log say so.
     */
    default boolean bounded() {
        return true;
    }

    /**
     * Why the attempts are not bounded, for the log; empty when they are.
     */
    default String unbounded() {
        return "";
    }

    /**
     * When {@code failure} says that the statement cannot run where this bound ran it (PostgreSQL: inside a
     * transaction block), the bound to run it again under, after this one has been closed; null otherwise. The
     * failed attempt left nothing behind.
     */
    default Bound instead(SQLException failure) {
        return null;
    }
}
