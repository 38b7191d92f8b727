package io.ddlguard.benchmarks.stub;

import org.postgresql.PGConnection;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection to nowhere that passes for pgjdbc's: it is a {@code PGConnection} with its own backend pid, and
 * does nothing else of pgjdbc's. Not thread-safe.
 */
public final class StubConnection implements Connection, PGConnection {

    private final int pid;
    /** The last statement, kept as a driver keeps its open statements, so that it is not optimised away. */
    private StubPreparedStatement lastStatement;
    private boolean autoCommit = true;
    private boolean closed;

    StubConnection(int pid) {
        this.pid = pid;
    }

    @Override public void abort(Executor executor0) throws SQLException { throw unsupported(); }

    @Override
    public void clearWarnings() {
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void commit() {
    }

    @Override public Array createArrayOf(String s0, Object[] values1) throws SQLException { throw unsupported(); }
    @Override public Blob createBlob() throws SQLException { throw unsupported(); }
    @Override public Clob createClob() throws SQLException { throw unsupported(); }
    @Override public NClob createNClob() throws SQLException { throw unsupported(); }
    @Override public SQLXML createSQLXML() throws SQLException { throw unsupported(); }

    @Override
    public Statement createStatement() {
        return lastStatement = new StubPreparedStatement(this);
    }

    @Override public Statement createStatement(int i0, int i1, int i2) throws SQLException { throw unsupported(); }
    @Override public Statement createStatement(int i0, int i1) throws SQLException { throw unsupported(); }
    @Override public Struct createStruct(String s0, Object[] values1) throws SQLException { throw unsupported(); }

    @Override
    public boolean getAutoCommit() {
        return autoCommit;
    }

    @Override public String getCatalog() throws SQLException { throw unsupported(); }
    @Override public Properties getClientInfo() throws SQLException { throw unsupported(); }
    @Override public String getClientInfo(String s0) throws SQLException { throw unsupported(); }

    @Override
    public int getHoldability() {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }


    /** None: a stub has no catalog. ddlguard is told the dialect rather than detecting it; p6spy accepts null. */
    @Override
    public DatabaseMetaData getMetaData() {
        return null;
    }

    @Override public int getNetworkTimeout() throws SQLException { throw unsupported(); }
    @Override public String getSchema() throws SQLException { throw unsupported(); }

    @Override
    public int getTransactionIsolation() {
        return TRANSACTION_READ_COMMITTED;
    }

    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { throw unsupported(); }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public boolean isValid(int i0) {
        return !closed;
    }

    @Override
    public boolean isWrapperFor(Class<?> type0) {
        return type0.isInstance(this);
    }

    @Override public String nativeSQL(String s0) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String s0, int i1, int i2, int i3) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String s0, int i1, int i2) throws SQLException { throw unsupported(); }
    @Override public CallableStatement prepareCall(String s0) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String s0, int[] indexes1) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String s0, String[] names1) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String s0, int i1, int i2, int i3) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String s0, int i1, int i2) throws SQLException { throw unsupported(); }
    @Override public PreparedStatement prepareStatement(String s0, int i1) throws SQLException { throw unsupported(); }

    @Override
    public PreparedStatement prepareStatement(String s0) {
        return lastStatement = new StubPreparedStatement(this);
    }

    @Override public void releaseSavepoint(Savepoint savepoint0) throws SQLException { throw unsupported(); }

    @Override
    public void rollback() {
    }

    @Override public void rollback(Savepoint savepoint0) throws SQLException { throw unsupported(); }

    @Override
    public void setAutoCommit(boolean b0) {
        autoCommit = b0;
    }

    @Override public void setCatalog(String s0) throws SQLException { throw unsupported(); }
    @Override public void setClientInfo(String s0, String s1) throws SQLClientInfoException { throw new SQLClientInfoException(); }
    @Override public void setClientInfo(Properties properties0) throws SQLClientInfoException { throw new SQLClientInfoException(); }
    @Override public void setHoldability(int i0) throws SQLException { throw unsupported(); }
    @Override public void setNetworkTimeout(Executor executor0, int i1) throws SQLException { throw unsupported(); }
    @Override public void setReadOnly(boolean b0) throws SQLException { throw unsupported(); }
    @Override public Savepoint setSavepoint() throws SQLException { throw unsupported(); }
    @Override public Savepoint setSavepoint(String s0) throws SQLException { throw unsupported(); }
    @Override public void setSchema(String s0) throws SQLException { throw unsupported(); }
    @Override public void setTransactionIsolation(int i0) throws SQLException { throw unsupported(); }
    @Override public void setTypeMap(Map<String, Class<?>> map0) throws SQLException { throw unsupported(); }

    @Override
    public <T> T unwrap(Class<T> type0) throws SQLException {
        return Stubs.unwrap(this, type0);
    }

    // PGConnection: the backend pid, which ddlguard's guard reads of every connection it tracks; nothing else

    @Override
    public int getBackendPID() {
        return pid;
    }

    @Override public Array createArrayOf(String s0, Object value1) throws SQLException { throw unsupported(); }
    @Override public void addDataType(String s0, Class<? extends org.postgresql.util.PGobject> type1) throws SQLException { throw unsupported(); }
    @Override public void addDataType(String s0, String s1) { throw unsupportedPg(); }
    @Override public void cancelQuery() throws SQLException { throw unsupported(); }
    @Override public String escapeIdentifier(String s0) throws SQLException { throw unsupported(); }
    @Override public String escapeLiteral(String s0) throws SQLException { throw unsupported(); }
    @Override public boolean getAdaptiveFetch() { throw unsupportedPg(); }
    @Override public org.postgresql.jdbc.AutoSave getAutosave() { throw unsupportedPg(); }
    @Override public org.postgresql.copy.CopyManager getCopyAPI() throws SQLException { throw unsupported(); }
    @Override public int getDefaultFetchSize() { throw unsupportedPg(); }
    @Override public org.postgresql.fastpath.Fastpath getFastpathAPI() throws SQLException { throw unsupported(); }
    @Override public org.postgresql.largeobject.LargeObjectManager getLargeObjectAPI() throws SQLException { throw unsupported(); }
    @Override public org.postgresql.PGNotification[] getNotifications() throws SQLException { throw unsupported(); }
    @Override public org.postgresql.PGNotification[] getNotifications(int i0) throws SQLException { throw unsupported(); }
    @Override public String getParameterStatus(String s0) { throw unsupportedPg(); }
    @Override public Map<String, String> getParameterStatuses() { throw unsupportedPg(); }
    @Override public org.postgresql.jdbc.PreferQueryMode getPreferQueryMode() { throw unsupportedPg(); }
    @Override public int getPrepareThreshold() { throw unsupportedPg(); }
    @Override public org.postgresql.replication.PGReplicationConnection getReplicationAPI() { throw unsupportedPg(); }
    @Override public void setAdaptiveFetch(boolean b0) { throw unsupportedPg(); }
    @Override public void setAutosave(org.postgresql.jdbc.AutoSave autoSave0) { throw unsupportedPg(); }
    @Override public void setDefaultFetchSize(int i0) throws SQLException { throw unsupported(); }
    @Override public void setPrepareThreshold(int i0) { throw unsupportedPg(); }

    private static UnsupportedOperationException unsupportedPg() {
        return new UnsupportedOperationException("the stub PGConnection does not do this");
    }

    private static SQLFeatureNotSupportedException unsupported() {
        return Stubs.unsupported("Connection");
    }
}
