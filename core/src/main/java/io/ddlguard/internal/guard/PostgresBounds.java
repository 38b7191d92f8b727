package io.ddlguard.internal.guard;

import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The bounds of PostgreSQL's guarded statements, scoped to a transaction so that nothing outlives the statement and
 * nothing can land in a server session that a pooler (PgBouncer in transaction mode) hands to another client:
 *
 * <ul>
 *   <li>{@link OwnTransaction}, in auto-commit: the check and each attempt run in one short explicit transaction
 *       whose {@code lock_timeout} is local ({@code set_config(…, true)}). pgjdbc sends the {@code BEGIN} with the
 *       first query, so the transaction costs one round trip, its commit.</li>
 *   <li>{@link InSavepoint}, in the caller's transaction: one savepoint around the check and the attempts. A failed
 *       check or a timed-out attempt rolls back to it, which also reverts the local timeout; a successful attempt
 *       releases it and puts the caller's value back in the same round trip, because a local setting outlives a
 *       released savepoint.</li>
 *   <li>{@link CheckOnly}, for a statement that cannot run in a transaction block ({@code CONCURRENTLY},
 *       {@code VACUUM}, {@code CREATE DATABASE} …) on a connection that may be pooled per transaction: the check
 *       runs bounded in its own transaction, the statement unbounded, because a session setting would run on
 *       another server connection than the statement, and stay there. On a direct connection such a statement gets
 *       a {@link SessionBound} instead.</li>
 * </ul>
 */
final class PostgresBounds {

    private static final Log LOG = Log.of(PostgresBounds.class);

    /** The savepoint of the check and the attempts inside the caller's transaction. */
    static final String SAVEPOINT = "ddlguard_attempt";
    /** A local timeout, and the server's pid of the session it was set in (a pooler may change it). */
    static final String SET_LOCAL =
            "select pg_catalog.set_config('lock_timeout', ?, true), pg_catalog.pg_backend_pid()";
    static final String OPEN_SAVEPOINT = "savepoint " + SAVEPOINT + "; select pg_catalog.current_setting("
            + "'lock_timeout'), pg_catalog.set_config('lock_timeout', ?, true), pg_catalog.pg_backend_pid()";
    static final String ROLLBACK_TO_SAVEPOINT = "rollback to savepoint " + SAVEPOINT;
    static final String RELEASE_SAVEPOINT = "release savepoint " + SAVEPOINT
            + "; select pg_catalog.set_config('lock_timeout', ?, true)";
    static final String DROP_SAVEPOINT = "rollback to savepoint " + SAVEPOINT + "; release savepoint " + SAVEPOINT;

    /**
     * SQLStates saying that a statement cannot run inside a transaction block: {@code active_sql_transaction}
     * ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM} …) and {@code invalid_transaction_termination} (a
     * {@code DO} block that commits).
     */
    private static final String CANNOT_RUN_IN_TRANSACTION = "25001";
    private static final String INVALID_TRANSACTION_TERMINATION = "2D000";

    private PostgresBounds() {
    }

    private static String millis(long millis) {
        return millis + "ms";
    }

    /** Runs {@code sql} (statements ending in one query) with {@code value} bound; the query's row, or null. */
    private static String[] run(Connection connection, String sql, String value, int columns) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, value);
            boolean isQuery = ps.execute();
            while (!isQuery && ps.getUpdateCount() != -1) {
                isQuery = ps.getMoreResults();
            }
            if (!isQuery) {
                return null;
            }
            try (ResultSet rs = ps.getResultSet()) {
                if (!rs.next()) {
                    return null;
                }
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getString(i + 1);
                }
                return row;
            }
        }
    }

    private static void run(Connection connection, String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static long pid(String[] row, int column) {
        return row == null || row[column] == null ? -1 : Long.parseLong(row[column]);
    }

    /** Whether {@code failure} says its statement cannot run inside a transaction block. */
    static boolean cannotRunInTransaction(SQLException failure) {
        return PolicyGuard.anyInChain(failure, e -> CANNOT_RUN_IN_TRANSACTION.equals(e.getSQLState())
                || INVALID_TRANSACTION_TERMINATION.equals(e.getSQLState()));
    }

    /** Auto-commit: the check and every attempt in a short explicit transaction with a local lock timeout. */
    static final class OwnTransaction implements Bound {
        private final String name;
        private final Connection connection;
        /** Told the server pid of every transaction the bound opens. */
        private final LongConsumer servedBy;
        /** The bound to run a statement under that cannot run in a transaction block. */
        private final Supplier<Bound> outside;
        /** Whether auto-commit is off: a transaction is open or opens with the next query. */
        private boolean open;
        /** Whether a transaction may be open: something ran since the last commit or rollback. */
        private boolean active;
        /** The local timeout in force; -1 when none (the transaction ended). */
        private long armed = -1;

        OwnTransaction(String name, Connection connection, LongConsumer servedBy, Supplier<Bound> outside) {
            this.name = name;
            this.connection = connection;
            this.servedBy = servedBy;
            this.outside = outside;
        }

        @Override
        public void arm(long millis) throws SQLException {
            if (!open) {
                connection.setAutoCommit(false); // pgjdbc sends BEGIN with the next query: no round trip of its own
                open = true;
            }
            if (armed != millis) {
                active = true;
                servedBy.accept(pid(run(connection, SET_LOCAL, millis(millis), 2), 1));
                armed = millis;
            }
        }

        /** Ends the transaction: the next {@link #arm} opens another. */
        @Override
        public void rollBack() throws SQLException {
            active = false;
            armed = -1;
            connection.rollback();
        }

        @Override
        public void afterSuccess() throws SQLException {
            active = false;
            armed = -1;
            connection.commit();
        }

        @Override
        public void afterFailure(SQLException failure) {
            try {
                rollBack();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }

        @Override
        public Bound instead(SQLException failure) {
            return cannotRunInTransaction(failure) ? outside.get() : null;
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
            if (active) {
                try {
                    rollBack(); // the check's reads, or a refused statement's timed-out attempt: nothing to keep
                } catch (SQLException e) {
                    LOG.warn("{}: could not end the guard's transaction: {}", name, e.getMessage());
                }
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.warn("{}: could not turn auto-commit back on: {}", name, e.getMessage());
            }
        }
    }

    /** The caller's transaction: one savepoint around the check and the attempts, the timeout local to it. */
    static final class InSavepoint implements Bound {
        private final String name;
        private final Connection connection;
        private final LongConsumer servedBy;
        /** The caller's lock timeout; null until the savepoint is set. */
        private String previous;
        /** The local timeout in force; -1 when none (rolled back to the savepoint). */
        private long armed = -1;

        InSavepoint(String name, Connection connection, LongConsumer servedBy) {
            this.name = name;
            this.connection = connection;
            this.servedBy = servedBy;
        }

        @Override
        public void arm(long millis) throws SQLException {
            if (previous == null) {
                String[] row = run(connection, OPEN_SAVEPOINT, millis(millis), 3);
                previous = row == null || row[0] == null ? "0" : row[0];
                servedBy.accept(pid(row, 2));
                armed = millis;
            } else if (armed != millis) {
                run(connection, SET_LOCAL, millis(millis), 2);
                armed = millis;
            }
        }

        /** Back to the savepoint: the caller's transaction is usable again and the local timeout reverted. */
        @Override
        public void rollBack() throws SQLException {
            if (previous != null) {
                run(connection, ROLLBACK_TO_SAVEPOINT);
                armed = -1;
            }
        }

        @Override
        public void afterSuccess() throws SQLException {
            String p = previous;
            previous = null;
            if (p != null) {
                run(connection, RELEASE_SAVEPOINT, p, 1);
            }
        }

        @Override
        public void afterFailure(SQLException failure) {
            // The failure aborted the caller's transaction, as it would have without the guard: nothing can run in
            // it until it ends, and its end reverts the local timeout and drops the savepoint.
            previous = null;
        }

        @Override
        public void close() {
            String p = previous;
            previous = null;
            if (p != null) {
                try {
                    run(connection, DROP_SAVEPOINT);
                } catch (SQLException e) {
                    LOG.warn("{}: could not drop the guard's savepoint: {}", name, e.getMessage());
                }
            }
        }
    }

    /**
     * A statement that cannot run in a transaction block, on a connection a pooler may share per transaction: the
     * check runs bounded in its own transaction; the statement runs once, unbounded.
     */
    static final class CheckOnly implements Bound {
        private final OwnTransaction check;
        private final String why;

        CheckOnly(String name, Connection connection, LongConsumer servedBy, String why) {
            this.check = new OwnTransaction(name, connection, servedBy, () -> null);
            this.why = why;
        }

        @Override
        public void arm(long millis) throws SQLException {
            check.arm(millis);
        }

        @Override
        public void rollBack() throws SQLException {
            check.rollBack();
        }

        @Override
        public void beforeAttempt(long millis) {
            check.close(); // the statement runs in auto-commit, as the caller asked
        }

        @Override
        public void afterSuccess() {
        }

        @Override
        public void afterFailure(SQLException failure) {
        }

        @Override
        public void close() {
            check.close();
        }

        @Override
        public boolean bounded() {
            return false;
        }

        @Override
        public String unbounded() {
            return why;
        }
    }
}
