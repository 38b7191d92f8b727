package io.ddlguard.it;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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

    private final Sessions sessions;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mariadb-session");
        t.setDaemon(true);
        return t;
    });

    MariaDbSessions(DataSource dataSource) {
        this.sessions = new Sessions(dataSource);
    }

    /** A new autocommit session. */
    Connection autocommit() throws SQLException {
        return sessions.autocommit();
    }

    /** A new session in a transaction (autocommit off). */
    Connection inTransaction() throws SQLException {
        Connection c = autocommit();
        c.setAutoCommit(false);
        return c;
    }

    /**
     * Creates table {@code orders} with 20,000 rows of about 1 KB (20 MB): far more than the socket buffers hold, so
     * a streaming result set over it keeps the server sending, and its metadata lock held, until it is read or closed.
     */
    static void createBigOrders(Connection c) throws SQLException {
        Sessions.execute(c, "CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(1000)) ENGINE=InnoDB");
        Sessions.execute(c, "INSERT INTO orders SELECT seq, REPEAT('x', 1000) FROM seq_1_to_20000");
    }

    static long id(Connection c) throws SQLException {
        return PooledDatabase.single(c, "SELECT CONNECTION_ID()");
    }

    /** Runs {@code sql} on {@code c} on a background thread; the future completes when the statement ends. */
    Future<Void> start(Connection c, String sql) {
        return CompletableFuture.runAsync(() -> {
            try {
                Sessions.execute(c, sql);
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

    /**
     * Ends every session (closing one reads what is left of a streaming result set, so the server ends the
     * statement) and stops the background thread.
     */
    @Override
    public void close() throws SQLException {
        try {
            sessions.close();
        } finally {
            background.shutdownNow();
        }
    }
}
