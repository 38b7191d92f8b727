package io.ddlguard.it;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The other sessions of a MariaDB lock test, each a separate connection, ended (rolled back, closed) by
 * {@link #close()} so no test leaks a lock into the next; statements that block run on a background thread.
 * Not thread-safe: one per test.
 */
final class MariaDbSessions implements AutoCloseable {

    private final DataSource dataSource;
    private final Deque<Connection> open = new ArrayDeque<>();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mariadb-session");
        t.setDaemon(true);
        return t;
    });

    MariaDbSessions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A new autocommit session. */
    Connection autocommit() throws SQLException {
        Connection c = dataSource.getConnection();
        open.push(c);
        return c;
    }

    /** A new session in a transaction (autocommit off). */
    Connection inTransaction() throws SQLException {
        Connection c = autocommit();
        c.setAutoCommit(false);
        return c;
    }

    static long id(Connection c) throws SQLException {
        return PooledDatabase.single(c, "SELECT CONNECTION_ID()");
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

    /** Runs {@code sql} on {@code c} on a background thread; the future completes when the statement ends. */
    Future<Void> start(Connection c, String sql) {
        return CompletableFuture.runAsync(() -> {
            try {
                execute(c, sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, background);
    }

    /** Waits until session {@code id} is in {@code state}, as seen from {@code observer}. */
    static void awaitState(Connection observer, long id, String state) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT STATE FROM information_schema.PROCESSLIST WHERE ID = " + id)) {
                if (rs.next() && state.equals(rs.getString(1))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("session " + id + " did not reach state " + state);
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
                c.close(); // reads what is left of a streaming result set, so the server ends the statement
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        background.shutdownNow();
        if (failure != null) {
            throw failure;
        }
    }
}
