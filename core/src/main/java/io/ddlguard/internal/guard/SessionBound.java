package io.ddlguard.internal.guard;

import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A bound kept by setting the session's lock timeout and putting the old value back: MariaDB/MySQL's
 * {@code lock_wait_timeout}, H2's {@code LOCK_TIMEOUT}, SQLite's busy timeout, and on PostgreSQL only for the
 * statements that cannot run in a transaction block, on a connection known to be direct. Inside the caller's
 * transaction, where DDL is transactional, every attempt runs under one savepoint, rolled back to after a timeout
 * and released however the statement ends, so that retries never nest subtransactions.
 */
final class SessionBound implements Bound {

    private static final Log LOG = Log.of(SessionBound.class);

    /** Sets and restores an engine's session lock timeout. */
    interface Timeout {
        /** Sets the timeout to {@code millis}; returns the value to restore. */
        String set(Connection connection, long millis, boolean inTransaction) throws SQLException;

        /** Puts back what {@link #set} returned. */
        void restore(Connection connection, String previous, boolean inTransaction) throws SQLException;
    }

    private final String name;
    private final Timeout timeout;
    private final Connection connection;
    private final boolean inTransaction;
    private final boolean savepoints;
    /** The value to put back; null while nothing is set. */
    private String previous;
    private long armed = -1;
    private Savepoint savepoint;

    /**
     * @param name       the guard's name, for the log
     * @param savepoints whether attempts run under a savepoint (the caller's transaction, transactional DDL)
     */
    SessionBound(String name, Timeout timeout, Connection connection, boolean inTransaction, boolean savepoints) {
        this.name = name;
        this.timeout = timeout;
        this.connection = connection;
        this.inTransaction = inTransaction;
        this.savepoints = savepoints;
    }

    @Override
    public void arm(long millis) throws SQLException {
        if (previous == null) {
            previous = timeout.set(connection, millis, inTransaction);
        } else if (millis != armed) {
            timeout.set(connection, millis, inTransaction);
        }
        armed = millis;
    }

    @Override
    public void beforeAttempt(long millis) throws SQLException {
        arm(millis);
        if (savepoints && savepoint == null) {
            savepoint = connection.setSavepoint();
        }
    }

    /**
     * Back to the attempts' savepoint, if any: the engines that keep session bounds carry on after a failed read,
     * and their timeout is the session's, which a rollback leaves alone.
     */
    @Override
    public void rollBack() throws SQLException {
        if (savepoint != null) {
            connection.rollback(savepoint);
        }
    }

    @Override
    public void afterSuccess() throws SQLException {
        Savepoint s = savepoint;
        savepoint = null;
        if (s != null) {
            connection.releaseSavepoint(s);
        }
    }

    @Override
    public void afterFailure(SQLException failure) {
        Savepoint s = savepoint;
        savepoint = null;
        if (s != null) {
            try {
                connection.releaseSavepoint(s); // the transaction lives on, as without the guard
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public void close() {
        Savepoint s = savepoint;
        savepoint = null;
        if (s != null) {
            try {
                connection.releaseSavepoint(s); // rolled back to already: the statement left nothing
            } catch (SQLException e) {
                LOG.warn("{}: could not release the savepoint of a refused statement: {}", name, e.getMessage());
            }
        }
        String p = previous;
        previous = null;
        if (p != null) {
            try {
                timeout.restore(connection, p, inTransaction);
            } catch (SQLException e) {
                LOG.warn("{}: could not restore the lock timeout to {}: {}", name, p, e.getMessage());
            }
        }
    }
}
