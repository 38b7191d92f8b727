package io.ddlguard.internal.jdbc;

import io.ddlguard.ConnectionOrigin;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The guard's record of one connection it handed out, kept up to date by the wrappers: server process id, where
 * and when it was borrowed, auto-commit mode, transaction boundaries and the result sets still open on it.
 *
 * <p>Written by the thread using the connection, read by a guard building a report on another thread. A report may
 * be a moment stale, never torn. Every statement a tracked connection runs passes through here, so the result-set
 * bookkeeping takes no lock and, on the thread that borrowed the connection, no atomic instruction either. The open
 * result sets form stacks of {@link DdlResultSet}s, newest first, linked through the result sets themselves: one
 * stack written only by the borrowing thread, with release stores, and one for any other thread that uses the
 * connection (connections may be shared), pushed with a compare-and-set. Closing a result set only marks it
 * ({@link DdlResultSet#markClosed}); the next push onto its stack unlinks the marked ones. On the shared stack two
 * threads may unlink at once, writing links plainly, which is safe because a result set's older links only ever
 * lose marked entries: new ones are pushed at the top, never in between. A reader skips the marked entries it still
 * reaches.
 */
public final class ConnectionRecord {

    private static final VarHandle OWN_NEWEST;
    private static final VarHandle SHARED_NEWEST;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWN_NEWEST = lookup.findVarHandle(ConnectionRecord.class, "ownNewest", DdlResultSet.class);
            SHARED_NEWEST = lookup.findVarHandle(ConnectionRecord.class, "sharedNewest", DdlResultSet.class);
            CLOSED = lookup.findVarHandle(ConnectionRecord.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@link #transactionMark} when there is no transaction to mark (auto-commit). */
    private static final long NONE = Long.MIN_VALUE;

    private final String dataSource;
    private final Connection connection;
    private final String server;
    private final long pid;
    /** When the server session started (PostgreSQL's {@code backend_start}); null where the engine has no such time. */
    private final Instant started;
    /** When it was borrowed, in epoch milliseconds: a clock read costs less than an {@link Instant}. */
    private final long borrowedAt;
    private final String thread;
    /**
     * The borrowing thread while the connection is open and no borrow stack was captured: a report can then show
     * where that thread is now, at no cost to the borrow. Null once closed, so a closed record keeps no thread.
     * Written plainly: a reader finds the record through the registry's map, which publishes it, and a reader
     * that still sees the thread of a record just closed shows a stack that is a moment stale.
     */
    private Thread borrower;
    /** The id of the borrowing thread, the only one that writes {@link #ownNewest}. */
    private final long owner;
    private final Throwable borrowStack;
    private final Consumer<ConnectionRecord> onClose;
    private volatile boolean autoCommit;
    /** Set once the connection is closed: the registry keeps a closed record until the session is borrowed again. */
    private volatile boolean closed;
    /** Epoch milliseconds of the last commit, rollback or switch to manual commit; {@link #NONE} in auto-commit. */
    private volatile long transactionMark;
    /** The result set the borrowing thread opened last, linked to those it opened before; some may be closed. */
    private volatile DdlResultSet ownNewest;
    /** The same for result sets opened on other threads. */
    private volatile DdlResultSet sharedNewest;

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
        this(dataSource, connection, server, pid, null, borrowStack, autoCommit, onClose);
    }

    /**
     * A record whose session is known by its start too, so that a later session given the same id (PostgreSQL
     * reuses pids) is never taken for it.
     *
     * @param started when the server session started, or null when unknown
     */
    public ConnectionRecord(String dataSource, Connection connection, String server, long pid, Instant started,
                            Throwable borrowStack, boolean autoCommit, Consumer<ConnectionRecord> onClose) {
        this.started = started;
        this.dataSource = dataSource;
        this.connection = connection;
        this.server = server;
        this.pid = pid;
        this.borrowedAt = System.currentTimeMillis();
        this.thread = Thread.currentThread().getName();
        Thread current = Thread.currentThread();
        this.owner = current.getId();
        this.borrower = borrowStack == null ? current : null;
        this.borrowStack = borrowStack;
        this.autoCommit = autoCommit;
        this.transactionMark = autoCommit ? NONE : borrowedAt;
        this.onClose = onClose;
    }

    /** The server's id of the session, or -1 when unknown. */
    public long pid() {
        return pid;
    }

    /**
     * How much later than a connection's borrow its server session may seem to have started, by the server's clock
     * corrected for the offset measured, and still be that connection's: the offset is known only to within a round
     * trip, and clocks drift.
     */
    static final long START_TOLERANCE_MILLIS = 1_000;

    /**
     * Whether this record is of the server session {@code pid} that started at {@code started}. A record that knows
     * its session's start (learned through a pooler) matches that start exactly. One that knows only the pid (a
     * direct connection, whose pid is the driver's) matches a session that started before the connection was
     * borrowed: a session that started later was given the pid of one that ended unseen (PostgreSQL reuses pids).
     * A start hidden from the asking role ({@code started} empty) cannot tell them apart: such a match names the
     * connection in a report, and {@code TERMINATE}, which needs the start, still leaves it alone.
     *
     * @param clockOffset the server's clock minus this JVM's, in milliseconds
     */
    public boolean isSession(long pid, Optional<Instant> started, long clockOffset) {
        if (this.pid != pid) {
            return false;
        }
        if (started.isEmpty()) {
            return true;
        }
        if (this.started != null) {
            return this.started.equals(started.get());
        }
        return started.get().toEpochMilli() <= borrowedAt + clockOffset + START_TOLERANCE_MILLIS;
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
    public boolean hasOpenResultSets() {
        return firstOpen(ownNewest) != null || firstOpen(sharedNewest) != null;
    }

    private static DdlResultSet firstOpen(DdlResultSet newest) {
        DdlResultSet r = newest;
        while (r != null && r.isMarkedClosed()) {
            r = r.older;
        }
        return r;
    }

    void autoCommit(boolean on) {
        if (on != autoCommit) {
            autoCommit = on;
            transactionMark = on ? NONE : System.currentTimeMillis();
        }
    }

    void transactionEnded() {
        if (!autoCommit) {
            transactionMark = System.currentTimeMillis();
        }
    }

    /** Reports {@code resultSet}, opened to run {@code sql}, as open until it is marked closed. */
    void opened(DdlResultSet resultSet, String sql) {
        resultSet.opened(sql == null ? "(unknown SQL)" : sql);
        if (Thread.currentThread().getId() == owner) {
            resultSet.older = unlinkClosed(ownNewest);
            OWN_NEWEST.setRelease(this, resultSet);
            DdlResultSet shared = sharedNewest;
            if (shared != null) {
                // what other threads opened and closed is not kept until one of them opens another
                DdlResultSet first = unlinkClosed(shared);
                if (first != shared) {
                    SHARED_NEWEST.compareAndSet(this, shared, first);
                }
            }
            return;
        }
        DdlResultSet top;
        do {
            top = sharedNewest;
            resultSet.older = unlinkClosed(top);
        } while (!SHARED_NEWEST.compareAndSet(this, top, resultSet));
    }

    /** The first open result set from {@code top} down, with the closed ones below it unlinked. */
    private static DdlResultSet unlinkClosed(DdlResultSet top) {
        DdlResultSet first = top;
        while (first != null && first.isMarkedClosed()) {
            first = first.older;
        }
        for (DdlResultSet open = first; open != null; open = open.older) {
            DdlResultSet next = open.older;
            while (next != null && next.isMarkedClosed()) {
                next = next.older;
            }
            if (next != open.older) {
                open.older = next;
            }
        }
        return first;
    }

    /** How many result sets the record still links, closed ones included: what it keeps reachable. */
    int linkedResultSets() {
        int n = 0;
        for (DdlResultSet r = ownNewest; r != null; r = r.older) {
            n++;
        }
        for (DdlResultSet r = sharedNewest; r != null; r = r.older) {
            n++;
        }
        return n;
    }

    /** Whether the connection was closed (given back to its pool). */
    public boolean isClosed() {
        return closed;
    }

    /** Called once the application has closed the connection (given it back to its pool) or aborted it. */
    public void connectionClosed() {
        if (closed) {
            return; // closed after an abort
        }
        // release stores, not volatile ones: every borrow ends here, and a full fence per store costs the borrow
        // more than any reader gains (readers on other threads may see the record open a moment longer)
        borrower = null;
        OWN_NEWEST.setRelease(this, (DdlResultSet) null);
        SHARED_NEWEST.setRelease(this, (DdlResultSet) null);
        CLOSED.setRelease(this, true);
        onClose.accept(this);
    }

    /** What a report shows of this connection, as of now. */
    public ConnectionOrigin snapshot() {
        List<String> sql = openSql(ownNewest);
        sql.addAll(openSql(sharedNewest));
        List<StackTraceElement> stack = borrowStack == null ? List.of() : trimmed(borrowStack.getStackTrace());
        long mark = transactionMark;
        return new ConnectionOrigin(dataSource, Instant.ofEpochMilli(borrowedAt), thread, stack, autoCommit,
                mark == NONE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(mark)), sql, borrowerNow());
    }

    /** Where the borrowing thread is now, when no borrow stack was captured and it is another live thread. */
    private List<StackTraceElement> borrowerNow() {
        Thread t = borrower;
        if (t == null || t == Thread.currentThread() || !t.isAlive()) {
            return List.of();
        }
        return Arrays.asList(t.getStackTrace());
    }

    /** The SQL of the open result sets of one stack, oldest first. */
    private static List<String> openSql(DdlResultSet newest) {
        List<String> sql = new ArrayList<>();
        for (DdlResultSet r = newest; r != null; r = r.older) {
            if (!r.isMarkedClosed()) {
                sql.add(r.sql());
            }
        }
        Collections.reverse(sql);
        return sql;
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
        return "ConnectionRecord[pid " + pid + ", " + dataSource + ", borrowed " + Instant.ofEpochMilli(borrowedAt)
                + " by " + thread + "]";
    }
}
