package io.ddlguard.benchmarks.stub;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JDBC driver that does no work, as a {@link DataSource}: its connections prepare statements that return one
 * row of constants, so that a benchmark through it measures only the wrappers on top. Each connection passes
 * for a pgjdbc connection with its own backend pid, so that ddlguard's PostgreSQL guard tracks it as it tracks a
 * real one. Thread-safe; the connections are not.
 */
public final class StubDataSource implements DataSource {

    private final AtomicInteger pids = new AtomicInteger(1000);

    @Override
    public Connection getConnection() {
        return new StubConnection(pids.incrementAndGet());
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
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
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Stubs.unsupported("DataSource");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
        return Stubs.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
