package io.ddlguard.internal.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKeyBuilder;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose connections are {@link DdlConnection}s routing DDL through a {@link StatementRouter}.
 *
 * <p>Everything else is the wrapped data source's: configuration, logging, timeouts, and {@link #unwrap}, which
 * reaches the wrapped data source and whatever it wraps (so {@code unwrap(HikariDataSource.class)} works).
 * {@link #close()} closes the wrapped data source when that is {@link AutoCloseable}, as a pool is; Spring's
 * inferred destroy method therefore still shuts the pool down when only the wrapper is a bean.
 *
 * <p>Thread-safe: it holds no state of its own.
 */
public final class DdlDataSource implements DataSource, AutoCloseable {

    private final DataSource delegate;
    private final StatementRouter router;

    /** Wraps {@code delegate}; DDL on its connections goes through {@code router}. */
    public DdlDataSource(DataSource delegate, StatementRouter router) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.router = Objects.requireNonNull(router, "router");
    }

    /** The wrapped data source. */
    public DataSource delegate() {
        return delegate;
    }

    /** The router every connection of this data source uses. */
    public StatementRouter router() {
        return router;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(delegate.getConnection(username, password));
    }

    private Connection connect(Connection raw) throws SQLException {
        return connect(router, raw);
    }

    /** Hands {@code raw} to {@code router}, closing it when the router fails so that no connection leaks. */
    static Connection connect(StatementRouter router, Connection raw) throws SQLException {
        try {
            return router.connect(raw);
        } catch (SQLException | RuntimeException | Error e) {
            try {
                raw.close();
            } catch (SQLException | RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    @Override
    public ConnectionBuilder createConnectionBuilder() throws SQLException {
        return new DdlConnectionBuilder(delegate.createConnectionBuilder(), router);
    }

    /**
     * Closes the wrapped data source if it is {@link AutoCloseable}, and does nothing otherwise. A checked
     * exception other than {@link SQLException} is reported as an {@link SQLException} with it as the cause.
     */
    @Override
    public void close() throws SQLException {
        if (delegate instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // HY000: general error; the data source's own exception says what went wrong.
                throw new SQLException("Could not close " + delegate + ": " + e.getMessage(), "HY000", e);
            }
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, delegate, iface);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public ShardingKeyBuilder createShardingKeyBuilder() throws SQLException {
        return delegate.createShardingKeyBuilder();
    }

    @Override
    public String toString() {
        return "DdlDataSource wrapping " + delegate;
    }
}
