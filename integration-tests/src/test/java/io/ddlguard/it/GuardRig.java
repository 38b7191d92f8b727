package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DropBlockedException;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.Sessions.execute;

/**
 * What one guard scenario opens, and its cleanup: connections borrowed (guarded or plain), statements running on
 * other threads, second JVMs, prepared transactions. {@link #close()} ends all of it so that no lock leaks into
 * the next test: it cancels running queries, kills processes, waits for background work, rolls back and closes
 * connections (releasing session-level advisory locks and holdable cursors, resetting settings), and rolls back
 * the database's prepared transactions. Plus the small measuring and polling helpers the scenarios share. One per
 * test; not thread-safe except {@link #background}, whose work runs on its own thread.
 */
final class GuardRig implements AutoCloseable {

    /** How long polling for something observable may take before the test fails. */
    private static final Duration POLL_LIMIT = Duration.ofSeconds(10);

    private final HikariDataSource pool;
    private final List<Connection> borrowed = new ArrayList<>();
    private final List<Integer> pids = new ArrayList<>();
    private final List<CompletableFuture<?>> background = new ArrayList<>();
    private final List<ForeignSession> foreign = new ArrayList<>();
    private Connection observer;

    /** @param pool the unguarded pool of the test class's database, superuser */
    GuardRig(HikariDataSource pool) {
        this.pool = pool;
    }

    /** A connection from {@code dataSource}, guarded or not, ended by {@link #close()}. */
    Connection borrow(DataSource dataSource, boolean autoCommit) throws SQLException {
        Connection c = dataSource.getConnection();
        borrowed.add(c);
        pids.add(Sessions.pid(c));
        c.setAutoCommit(autoCommit);
        return c;
    }

    /** A plain (unguarded) connection of the pool. */
    Connection plain(boolean autoCommit) throws SQLException {
        return borrow(pool, autoCommit);
    }

    /** An unguarded autocommit connection for watching pg_stat_activity and pg_locks. */
    Connection observer() throws SQLException {
        if (observer == null) {
            observer = pool.getConnection();
            observer.setAutoCommit(true);
        }
        return observer;
    }

    /** Runs {@code work} on a new thread named {@code thread}; {@link #close()} waits for it. */
    <T> CompletableFuture<T> background(String thread, SqlCall<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(work.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        }, thread);
        t.setDaemon(true);
        t.start();
        background.add(future);
        return future;
    }

    /** A second JVM holding {@code query}'s locks in an open transaction, as {@code user}. */
    ForeignSession foreign(String jdbcUrl, String user, String query)
            throws IOException, SQLException, InterruptedException {
        ForeignSession session = ForeignSession.start(observer(), jdbcUrl, user, query);
        foreign.add(session);
        return session;
    }

    /** The URL of the pool's database, with no user or other parameters in it. */
    String jdbcUrl() throws SQLException {
        return jdbcUrl(observer());
    }

    /** The URL of {@code c}'s database, with no user or other parameters in it. */
    static String jdbcUrl(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select current_setting('port'), current_database()")) {
            rs.next();
            return "jdbc:postgresql://localhost:" + rs.getString(1) + "/" + rs.getString(2);
        }
    }

    // ---- measuring ----

    /** A guarded statement that was refused, and how long it took to refuse. */
    record Refusal(DropBlockedException exception, long millis) {
    }

    /** Runs {@code sql}, which must fail with {@link DropBlockedException}; measures how long that took. */
    static Refusal refuse(Connection c, String sql) {
        long started = System.nanoTime();
        try {
            execute(c, sql);
        } catch (DropBlockedException e) {
            Refusal refusal = new Refusal(e, millisSince(started));
            if (Boolean.getBoolean("ddlguard.it.timings")) {
                System.out.printf("[timing] %s refused after %d ms (policy %s, waited %s)%n", sql, refusal.millis(),
                        e.policy(), e.waited());
            }
            return refusal;
        } catch (SQLException e) {
            throw new AssertionError("expected DropBlockedException from " + sql + ", got " + e, e);
        }
        throw new AssertionError(sql + " ran although other sessions hold its locks");
    }

    /** Runs {@code sql}, which must succeed; returns how many milliseconds it took. */
    static long timed(Connection c, String sql) throws SQLException {
        long started = System.nanoTime();
        execute(c, sql);
        return millisSince(started);
    }

    static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /** A setting as {@code SHOW} gives it on {@code c}. */
    static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The single value of a one-row, one-column query. */
    static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return rs.getString(1);
        }
    }

    // ---- polling what the server shows ----

    /**
     * Waits until the row of {@code pid} in pg_stat_activity satisfies {@code condition} (SQL over its columns),
     * polling every 10 ms for at most 10 s.
     */
    static void awaitActivity(Connection observer, long pid, String condition) throws SQLException,
            InterruptedException {
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        try (PreparedStatement ps = observer.prepareStatement(
                "select 1 from pg_stat_activity where pid = ? and (" + condition + ")")) {
            ps.setInt(1, (int) pid);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("session " + pid + " never showed " + condition);
    }

    /** Whether a server session with {@code pid} exists. */
    static boolean sessionExists(Connection observer, long pid) throws SQLException {
        try (PreparedStatement ps = observer.prepareStatement("select 1 from pg_stat_activity where pid = ?")) {
            ps.setInt(1, (int) pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Waits until session {@code pid} has ended (at most 10 s). */
    static void awaitSessionGone(Connection observer, long pid) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!sessionExists(observer, pid)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("session " + pid + " did not end");
    }

    /** Some code run on a background thread. */
    @FunctionalInterface
    interface SqlCall<T> {
        T call() throws Exception;
    }

    // ---- cleanup ----

    @Override
    public void close() throws Exception {
        Exception failure = null;
        Connection watch = observer();
        // 1. Cancel whatever our sessions are still running (a sleeping query, a lock wait), so threads end.
        try (PreparedStatement ps = watch.prepareStatement("select pg_cancel_backend(pid) from pg_stat_activity "
                + "where pid = any (?) and state = 'active' and pid <> pg_backend_pid()")) {
            ps.setArray(1, watch.createArrayOf("int4", pids.toArray()));
            ps.executeQuery().close();
        }
        // 2. Kill second JVMs and wait until their sessions are gone.
        for (ForeignSession session : foreign) {
            try {
                session.close();
            } catch (Exception e) {
                failure = add(failure, e);
            }
        }
        // 3. Release holders so that background statements can end, then wait for them.
        for (Connection c : borrowed) {
            rollbackQuietly(c);
        }
        for (CompletableFuture<?> f : background) {
            try {
                f.handle((value, error) -> null).get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure = add(failure, new IllegalStateException("background work did not end", e));
            }
        }
        // 4. Give every connection back clean.
        for (int i = borrowed.size() - 1; i >= 0; i--) {
            endQuietly(borrowed.get(i));
        }
        // 5. Prepared transactions outlive sessions.
        try {
            List<String> gids = new ArrayList<>();
            try (Statement s = watch.createStatement(); ResultSet rs = s.executeQuery(
                    "select gid from pg_prepared_xacts where database = current_database()")) {
                while (rs.next()) {
                    gids.add(rs.getString(1));
                }
            }
            for (String gid : gids) {
                execute(watch, "rollback prepared '" + gid.replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            failure = add(failure, e);
        }
        watch.close();
        if (failure != null) {
            throw failure;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            // a terminated or busy session: closing it below is all that is left to do
        }
    }

    private static void endQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                rollbackQuietly(c);
                c.setAutoCommit(true);
                execute(c, "close all; select pg_advisory_unlock_all(); reset all");
            }
        } catch (SQLException e) {
            // a terminated session: the pool evicts it on close
        }
        try {
            c.close();
        } catch (SQLException e) {
            // already broken
        }
    }

    private static Exception add(Exception failure, Exception e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }
}
