package io.ddlguard.internal.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A test stub data source, a driver that does no work: each connection it opens is a new {@link StubConnection}
 * (or what the function given makes, such as the benchmarks' pgjdbc stand-in) with a session id of its own,
 * counted from 1001. It remembers the last connection that records, the last user, and whether it was closed.
 * {@code getConnection} may be called from any thread (the last connection is then one of the latest); the rest is
 * not thread-safe.
 */
public final class StubDataSource extends StubWrapper implements DataSource, AutoCloseable {

    private final IntFunction<? extends StubConnection> opener;
    private final AtomicInteger sessionIds = new AtomicInteger(1000);
    private StubConnection lastConnection;
    private String lastUser;
    private boolean closed;

    /** Opens plain {@link StubConnection}s. */
    public StubDataSource() {
        this(StubConnection::new);
    }

    /**
     * Opens {@code opener.apply(sessionId)} on each {@code getConnection()}.
     *
     * @param opener makes a connection given its session id
     */
    public StubDataSource(IntFunction<? extends StubConnection> opener) {
        this.opener = opener;
    }

    @Override
    public Connection getConnection() {
        StubConnection c = opener.apply(sessionIds.incrementAndGet());
        if (c.records) {
            // not the benchmarks' driver: a store into this long-lived object would cost a GC barrier per borrow
            lastConnection = c;
        }
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) {
        lastUser = username;
        return getConnection();
    }

    /** The connection opened last, of those that record; null before the first. */
    public StubConnection lastConnection() {
        return lastConnection;
    }

    /** The user of the last {@code getConnection(user, password)}; null before the first. */
    public String lastUser() {
        return lastUser;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("stub");
    }
}
