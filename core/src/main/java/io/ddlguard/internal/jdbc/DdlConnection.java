package io.ddlguard.internal.jdbc;

import io.ddlguard.DdlGuardState;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A {@link Connection} whose statements hand DDL text to a {@link StatementRouter} and everything else straight
 * to the driver.
 *
 * <p>Every statement it creates is wrapped ({@link DdlStatement}, {@link DdlPreparedStatement},
 * {@link DdlCallableStatement}), and so is its {@link DatabaseMetaData}, so that no path through the JDBC object
 * graph leads back to the unwrapped connection except {@link #unwrap} and {@link #delegate()}. Every other method
 * delegates. Equality is identity.
 *
 * <p>Holds no mutable state of its own (the optional {@link ConnectionRecord} is thread-safe): it is exactly as
 * thread-safe as the connection it wraps.
 */
public final class DdlConnection implements Connection {

    private final Connection delegate;
    private final StatementRouter router;
    /** The guard's record of this connection, kept current by this wrapper; null when it is not tracked. */
    private final ConnectionRecord record;
    /** Set on the connection a listener is given: it refuses to close and reports its statements; else null. */
    private final ListenerScope listener;

    /** Wraps {@code delegate}; DDL on its statements goes through {@code router}. */
    public DdlConnection(Connection delegate, StatementRouter router) {
        this(delegate, router, null);
    }

    /**
     * Wraps {@code delegate}, keeping {@code record} current: auto-commit mode, transaction ends, open result
     * sets, and closing.
     */
    public DdlConnection(Connection delegate, StatementRouter router, ConnectionRecord record) {
        this(delegate, router, record, null);
    }

    private DdlConnection(Connection delegate, StatementRouter router, ConnectionRecord record,
                          ListenerScope listener) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.router = Objects.requireNonNull(router, "router");
        this.record = record;
        this.listener = listener;
    }

    /** The guard's record of this connection, or null when it is not tracked. */
    public ConnectionRecord record() {
        return record;
    }

    /** The driver's (or pool's) connection this wraps. Statements run on it directly bypass the router. */
    public Connection delegate() {
        return delegate;
    }

    /** The router this connection's statements hand DDL to. */
    public StatementRouter router() {
        return router;
    }

    /**
     * Another wrapper over the same physical connection whose statements use {@code otherRouter}, such as
     * {@link StatementRouter#PASS_THROUGH} for the connection event listeners receive. Closing either wrapper
     * closes the physical connection.
     */
    public DdlConnection withRouter(StatementRouter otherRouter) {
        return new DdlConnection(delegate, otherRouter, record);
    }

    /**
     * The connection a listener is given: another wrapper over the same physical connection whose statements use
     * {@code otherRouter}, which tells {@code scope} about every statement opened on it, and which refuses
     * {@link #close()} and {@link #abort}: the physical connection belongs to the statement that fired the event,
     * and to its caller.
     */
    public DdlConnection forListener(StatementRouter otherRouter, ListenerScope scope) {
        return new DdlConnection(delegate, otherRouter, record, Objects.requireNonNull(scope, "scope"));
    }

    private <S extends Statement> S opened(S statement) {
        if (listener != null) {
            listener.opened(statement);
        }
        return statement;
    }

    private SQLException closeRefused(String what) {
        return new SQLNonTransientException("a listener cannot " + what + " ctx.connection(): it is the connection of"
                + " the statement that fired the event, which stays open for that statement and its caller (do not"
                + " open it in try-with-resources)", DdlGuardState.CLOSE_REFUSED.sqlState());
    }

    @Override
    public Statement createStatement() throws SQLException {
        return new DdlStatement(this, opened(delegate.createStatement()));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return new DdlStatement(this, opened(delegate.createStatement(resultSetType, resultSetConcurrency)));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return new DdlStatement(this, opened(delegate.createStatement(resultSetType, resultSetConcurrency,
                resultSetHoldability)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return new DdlPreparedStatement(this, opened(delegate.prepareStatement(sql)), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return new DdlPreparedStatement(this, opened(delegate.prepareStatement(sql, autoGeneratedKeys)), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return new DdlPreparedStatement(this, opened(delegate.prepareStatement(sql, columnIndexes)), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return new DdlPreparedStatement(this, opened(delegate.prepareStatement(sql, columnNames)), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new DdlPreparedStatement(this,
                opened(delegate.prepareStatement(sql, resultSetType, resultSetConcurrency)), sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return new DdlPreparedStatement(this, opened(delegate.prepareStatement(sql, resultSetType,
                resultSetConcurrency, resultSetHoldability)), sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return new DdlCallableStatement(this, opened(delegate.prepareCall(sql)), sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return new DdlCallableStatement(this,
                opened(delegate.prepareCall(sql, resultSetType, resultSetConcurrency)), sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
            int resultSetHoldability) throws SQLException {
        return new DdlCallableStatement(this, opened(delegate.prepareCall(sql, resultSetType, resultSetConcurrency,
                resultSetHoldability)), sql);
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return new DdlDatabaseMetaData(this, delegate.getMetaData());
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return delegate.nativeSQL(sql);
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
    public String toString() {
        return "DdlConnection wrapping " + delegate;
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        delegate.setAutoCommit(autoCommit);
        if (record != null) {
            record.autoCommit(autoCommit);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return delegate.getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
        delegate.commit();
        if (record != null) {
            record.transactionEnded();
        }
    }

    @Override
    public void rollback() throws SQLException {
        delegate.rollback();
        if (record != null) {
            record.transactionEnded();
        }
    }

    @Override
    public void close() throws SQLException {
        if (listener != null) {
            throw closeRefused("close");
        }
        try {
            delegate.close();
        } finally {
            if (record != null) {
                record.connectionClosed();
            }
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return delegate.isClosed();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        delegate.setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return delegate.isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        delegate.setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return delegate.getCatalog();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        delegate.setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return delegate.getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return delegate.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        delegate.clearWarnings();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return delegate.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        delegate.setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        delegate.setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return delegate.getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return delegate.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return delegate.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        delegate.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        delegate.releaseSavepoint(savepoint);
    }

    @Override
    public Clob createClob() throws SQLException {
        return delegate.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return delegate.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return delegate.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return delegate.createSQLXML();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return delegate.isValid(timeout);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        delegate.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        delegate.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return delegate.getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return delegate.getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return delegate.createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return delegate.createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        delegate.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return delegate.getSchema();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (listener != null) {
            throw closeRefused("abort");
        }
        try {
            delegate.abort(executor);
        } finally {
            if (record != null) {
                record.connectionClosed(); // its session is ending: it must never be matched again
            }
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        delegate.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return delegate.getNetworkTimeout();
    }

    @Override
    public void beginRequest() throws SQLException {
        delegate.beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        delegate.endRequest();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
            throws SQLException {
        return delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        return delegate.setShardingKeyIfValid(shardingKey, timeout);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        delegate.setShardingKey(shardingKey, superShardingKey);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        delegate.setShardingKey(shardingKey);
    }
}
