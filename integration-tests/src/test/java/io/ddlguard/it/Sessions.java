package io.ddlguard.it;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The other sessions of a lock test: each a separate physical connection, ended (rolled back, closed) by
 * {@link #close()} so no test leaks a lock into the next. Not thread-safe: one per test.
 */
final class Sessions implements AutoCloseable {

    private final DataSource dataSource;
    private final Deque<Connection> open = new ArrayDeque<>();

    Sessions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A new session in a transaction (autocommit off). */
    Connection inTransaction(String applicationName) throws SQLException {
        Connection c = autocommit(applicationName);
        c.setAutoCommit(false);
        return c;
    }

    /** A new autocommit session. */
    Connection autocommit(String applicationName) throws SQLException {
        Connection c = autocommit();
        c.setClientInfo("ApplicationName", applicationName);
        return c;
    }

    /** A new autocommit session, named as the driver names it (for drivers that take no application name). */
    Connection autocommit() throws SQLException {
        Connection c = dataSource.getConnection();
        open.push(c);
        return c;
    }

    static int pid(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs a query and reads every row, as an application would before going idle. */
    static void readAll(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    /** Waits until session {@code pid} is waiting for a lock, as seen from {@code observer}. */
    static void awaitLockWait(Connection observer, int pid) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                    "select wait_event_type from pg_stat_activity where pid = " + pid)) {
                if (rs.next() && "Lock".equals(rs.getString(1))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("session " + pid + " did not start waiting for a lock");
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        while (!open.isEmpty()) {
            Connection c = open.pop();
            try {
                if (!c.isClosed() && !c.getAutoCommit()) {
                    c.rollback();
                }
                c.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
