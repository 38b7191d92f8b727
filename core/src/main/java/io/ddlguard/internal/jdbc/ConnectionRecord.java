package io.ddlguard.internal.jdbc;

import io.ddlguard.ConnectionOrigin;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The guard's record of one connection it handed out, kept up to date by the wrappers: server process id, where
 * and when it was borrowed, auto-commit mode, transaction boundaries and the result sets still open on it.
 *
 * <p>Written by the thread using the connection, read by a guard building a report on another thread: the
 * result-set list is synchronized, the rest is volatile. A report may therefore be a moment stale, never torn.
 */
public final class ConnectionRecord {

    private final String dataSource;
    private final Connection connection;
    private final String server;
    private final long pid;
    private final Instant borrowedAt;
    private final String thread;
    private final Throwable borrowStack;
    private final Consumer<ConnectionRecord> onClose;
    private volatile boolean autoCommit;
    private volatile Instant transactionMark;
    /** Open result sets: pairs of (result set wrapper, statement wrapper, SQL), flattened. */
    private final ArrayList<Object> open = new ArrayList<>(0);

    /**
     * @param dataSource  the guarded data source's name
     * @param connection  the driver's (or pool's) connection the record is for
     * @param server      which database server or file the connection is to, as the guard keys it
     * @param pid         the server's id of the session (PostgreSQL backend pid, MySQL connection id, H2 session
     *                    id), or -1 when unknown
     * @param borrowStack where the connection was borrowed, or null when stacks are not captured
     * @param autoCommit  the connection's auto-commit mode when borrowed
     * @param onClose     called once when the connection is closed
     */
    public ConnectionRecord(String dataSource, Connection connection, String server, long pid, Throwable borrowStack,
                            boolean autoCommit, Consumer<ConnectionRecord> onClose) {
        this.dataSource = dataSource;
        this.connection = connection;
        this.server = server;
        this.pid = pid;
        this.borrowedAt = Instant.now();
        this.thread = Thread.currentThread().getName();
        this.borrowStack = borrowStack;
        this.autoCommit = autoCommit;
        this.transactionMark = autoCommit ? null : borrowedAt;
        this.onClose = onClose;
    }

    /** The server's id of the session, or -1 when unknown. */
    public long pid() {
        return pid;
    }

    /** Which database server or file the connection is to, as the guard that tracks it keys it. */
    public String server() {
        return server;
    }

    /** Whether this is the record of {@code raw}, the connection the wrappers delegate to. */
    public boolean isFor(Connection raw) {
        return connection == raw;
    }

    /** Whether the connection is in a transaction (auto-commit off). */
    public boolean inTransaction() {
        return !autoCommit;
    }

    /** Whether a result set opened on the connection is still open. */
    public synchronized boolean hasOpenResultSets() {
        return !open.isEmpty();
    }

    void autoCommit(boolean on) {
        if (on != autoCommit) {
            autoCommit = on;
            transactionMark = on ? null : Instant.now();
        }
    }

    void transactionEnded() {
        if (!autoCommit) {
            transactionMark = Instant.now();
        }
    }

    synchronized void opened(Object resultSet, Object statement, String sql) {
        open.add(resultSet);
        open.add(statement);
        open.add(sql == null ? "(unknown SQL)" : sql);
    }

    synchronized void closed(Object resultSet) {
        for (int i = open.size() - 3; i >= 0; i -= 3) {
            if (open.get(i) == resultSet) {
                open.subList(i, i + 3).clear();
                return;
            }
        }
    }

    synchronized void statementClosed(Object statement) {
        for (int i = open.size() - 3; i >= 0; i -= 3) {
            if (open.get(i + 1) == statement) {
                open.subList(i, i + 3).clear();
            }
        }
    }

    void connectionClosed() {
        synchronized (this) {
            open.clear();
        }
        onClose.accept(this);
    }

    /** What a report shows of this connection, as of now. */
    public ConnectionOrigin snapshot() {
        List<String> sql = new ArrayList<>();
        synchronized (this) {
            for (int i = 2; i < open.size(); i += 3) {
                sql.add((String) open.get(i));
            }
        }
        List<StackTraceElement> stack = borrowStack == null ? List.of() : trimmed(borrowStack.getStackTrace());
        return new ConnectionOrigin(dataSource, borrowedAt, thread, stack, autoCommit,
                Optional.ofNullable(transactionMark), sql);
    }

    /** The stack without ddlguard's own frames on top. */
    private static List<StackTraceElement> trimmed(StackTraceElement[] frames) {
        int first = 0;
        while (first < frames.length && frames[first].getClassName().startsWith("io.ddlguard.internal.")) {
            first++;
        }
        return Arrays.asList(frames).subList(first, frames.length);
    }

    @Override
    public String toString() {
        return "ConnectionRecord[pid " + pid + ", " + dataSource + ", borrowed " + borrowedAt + " by " + thread + "]";
    }
}
