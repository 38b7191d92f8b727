package io.ddlguard.benchmarks.stub;

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
 * A statement that runs nothing: queries return a {@link StubResultSet}, updates count one row. Not thread-safe.
 */
@SuppressWarnings("deprecation") // the interface's deprecated methods must be implemented too
public final class StubPreparedStatement implements PreparedStatement {

    private final StubConnection connection;
    /** The last result set, kept as a driver keeps it, so that it is not optimised away. */
    private StubResultSet results;
    private boolean closed;

    /** The stub connection that prepared it. */
    StubConnection stubConnection() {
        return connection;
    }

    StubPreparedStatement(StubConnection connection) {
        this.connection = connection;
    }

    @Override public void addBatch() throws SQLException { throw unsupported(); }
    @Override public void addBatch(String s0) throws SQLException { throw unsupported(); }
    @Override public void cancel() throws SQLException { throw unsupported(); }
    @Override public void clearBatch() throws SQLException { throw unsupported(); }

    @Override
    public void clearParameters() {
    }

    @Override
    public void clearWarnings() {
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override public void closeOnCompletion() throws SQLException { throw unsupported(); }

    @Override
    public boolean execute() {
        results = new StubResultSet(this);
        return true;
    }

    @Override public boolean execute(String s0, int[] indexes1) throws SQLException { throw unsupported(); }
    @Override public boolean execute(String s0, String[] names1) throws SQLException { throw unsupported(); }
    @Override public boolean execute(String s0, int i1) throws SQLException { throw unsupported(); }

    @Override
    public boolean execute(String s0) {
        results = new StubResultSet(this);
        return true;
    }

    @Override public int[] executeBatch() throws SQLException { throw unsupported(); }

    @Override
    public ResultSet executeQuery() {
        return results = new StubResultSet(this);
    }

    @Override
    public ResultSet executeQuery(String s0) {
        return results = new StubResultSet(this);
    }

    @Override
    public int executeUpdate() {
        return 1;
    }

    @Override public int executeUpdate(String s0, int[] indexes1) throws SQLException { throw unsupported(); }
    @Override public int executeUpdate(String s0, String[] names1) throws SQLException { throw unsupported(); }
    @Override public int executeUpdate(String s0, int i1) throws SQLException { throw unsupported(); }

    @Override
    public int executeUpdate(String s0) {
        return 1;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override public int getFetchDirection() throws SQLException { throw unsupported(); }
    @Override public int getFetchSize() throws SQLException { throw unsupported(); }
    @Override public ResultSet getGeneratedKeys() throws SQLException { throw unsupported(); }
    @Override public int getMaxFieldSize() throws SQLException { throw unsupported(); }
    @Override public int getMaxRows() throws SQLException { throw unsupported(); }
    @Override public ResultSetMetaData getMetaData() throws SQLException { throw unsupported(); }

    @Override
    public boolean getMoreResults() {
        results = null;
        return false;
    }

    @Override public boolean getMoreResults(int i0) throws SQLException { throw unsupported(); }
    @Override public ParameterMetaData getParameterMetaData() throws SQLException { throw unsupported(); }
    @Override public int getQueryTimeout() throws SQLException { throw unsupported(); }

    @Override
    public ResultSet getResultSet() {
        return results;
    }

    @Override public int getResultSetConcurrency() throws SQLException { throw unsupported(); }
    @Override public int getResultSetHoldability() throws SQLException { throw unsupported(); }
    @Override public int getResultSetType() throws SQLException { throw unsupported(); }

    @Override
    public int getUpdateCount() {
        return -1;
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override public boolean isCloseOnCompletion() throws SQLException { throw unsupported(); }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override public boolean isPoolable() throws SQLException { throw unsupported(); }

    @Override
    public boolean isWrapperFor(Class<?> type0) {
        return type0.isInstance(this);
    }

    @Override public void setArray(int i0, Array array1) throws SQLException { throw unsupported(); }
    @Override public void setAsciiStream(int i0, InputStream inputStream1, int i2) throws SQLException { throw unsupported(); }
    @Override public void setAsciiStream(int i0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void setAsciiStream(int i0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void setBigDecimal(int i0, BigDecimal bigDecimal1) throws SQLException { throw unsupported(); }
    @Override public void setBinaryStream(int i0, InputStream inputStream1, int i2) throws SQLException { throw unsupported(); }
    @Override public void setBinaryStream(int i0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void setBinaryStream(int i0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void setBlob(int i0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void setBlob(int i0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void setBlob(int i0, Blob blob1) throws SQLException { throw unsupported(); }
    @Override public void setBoolean(int i0, boolean b1) throws SQLException { throw unsupported(); }
    @Override public void setByte(int i0, byte b1) throws SQLException { throw unsupported(); }
    @Override public void setBytes(int i0, byte[] bytes1) throws SQLException { throw unsupported(); }
    @Override public void setCharacterStream(int i0, Reader reader1, int i2) throws SQLException { throw unsupported(); }
    @Override public void setCharacterStream(int i0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void setCharacterStream(int i0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void setClob(int i0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void setClob(int i0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void setClob(int i0, Clob clob1) throws SQLException { throw unsupported(); }
    @Override public void setCursorName(String s0) throws SQLException { throw unsupported(); }
    @Override public void setDate(int i0, Date date1, Calendar calendar2) throws SQLException { throw unsupported(); }
    @Override public void setDate(int i0, Date date1) throws SQLException { throw unsupported(); }
    @Override public void setDouble(int i0, double d1) throws SQLException { throw unsupported(); }
    @Override public void setEscapeProcessing(boolean b0) throws SQLException { throw unsupported(); }
    @Override public void setFetchDirection(int i0) throws SQLException { throw unsupported(); }
    @Override public void setFetchSize(int i0) throws SQLException { throw unsupported(); }
    @Override public void setFloat(int i0, float f1) throws SQLException { throw unsupported(); }

    @Override
    public void setInt(int i0, int i1) {
    }

    @Override
    public void setLong(int i0, long l1) {
    }

    @Override public void setMaxFieldSize(int i0) throws SQLException { throw unsupported(); }
    @Override public void setMaxRows(int i0) throws SQLException { throw unsupported(); }
    @Override public void setNCharacterStream(int i0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void setNCharacterStream(int i0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void setNClob(int i0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void setNClob(int i0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void setNClob(int i0, NClob nClob1) throws SQLException { throw unsupported(); }
    @Override public void setNString(int i0, String s1) throws SQLException { throw unsupported(); }
    @Override public void setNull(int i0, int i1, String s2) throws SQLException { throw unsupported(); }
    @Override public void setNull(int i0, int i1) throws SQLException { throw unsupported(); }
    @Override public void setObject(int i0, Object value1, int i2, int i3) throws SQLException { throw unsupported(); }
    @Override public void setObject(int i0, Object value1, int i2) throws SQLException { throw unsupported(); }
    @Override public void setObject(int i0, Object value1) throws SQLException { throw unsupported(); }
    @Override public void setPoolable(boolean b0) throws SQLException { throw unsupported(); }
    @Override public void setQueryTimeout(int i0) throws SQLException { throw unsupported(); }
    @Override public void setRef(int i0, Ref ref1) throws SQLException { throw unsupported(); }
    @Override public void setRowId(int i0, RowId rowId1) throws SQLException { throw unsupported(); }
    @Override public void setSQLXML(int i0, SQLXML sQLXML1) throws SQLException { throw unsupported(); }
    @Override public void setShort(int i0, short sh1) throws SQLException { throw unsupported(); }

    @Override
    public void setString(int i0, String s1) {
    }

    @Override public void setTime(int i0, Time time1, Calendar calendar2) throws SQLException { throw unsupported(); }
    @Override public void setTime(int i0, Time time1) throws SQLException { throw unsupported(); }
    @Override public void setTimestamp(int i0, Timestamp timestamp1, Calendar calendar2) throws SQLException { throw unsupported(); }
    @Override public void setTimestamp(int i0, Timestamp timestamp1) throws SQLException { throw unsupported(); }
    @Override public void setURL(int i0, URL uRL1) throws SQLException { throw unsupported(); }
    @Override public void setUnicodeStream(int i0, InputStream inputStream1, int i2) throws SQLException { throw unsupported(); }

    @Override
    public <T> T unwrap(Class<T> type0) throws SQLException {
        return Stubs.unwrap(this, type0);
    }

    private static SQLFeatureNotSupportedException unsupported() {
        return Stubs.unsupported("PreparedStatement");
    }
}
