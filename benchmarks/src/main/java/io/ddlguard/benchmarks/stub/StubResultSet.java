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

/** One row of constants; every column getter that the benchmarks use returns a constant. Not thread-safe. */
@SuppressWarnings("deprecation") // the interface's deprecated methods must be implemented too
public final class StubResultSet implements ResultSet {

    private final StubPreparedStatement statement;
    private int row;
    private boolean closed;

    StubResultSet(StubPreparedStatement statement) {
        this.statement = statement;
    }

    @Override public boolean absolute(int i0) throws SQLException { throw unsupported(); }
    @Override public void afterLast() throws SQLException { throw unsupported(); }
    @Override public void beforeFirst() throws SQLException { throw unsupported(); }
    @Override public void cancelRowUpdates() throws SQLException { throw unsupported(); }

    @Override
    public void clearWarnings() {
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override public void deleteRow() throws SQLException { throw unsupported(); }
    @Override public int findColumn(String s0) throws SQLException { throw unsupported(); }
    @Override public boolean first() throws SQLException { throw unsupported(); }
    @Override public Array getArray(String s0) throws SQLException { throw unsupported(); }
    @Override public Array getArray(int i0) throws SQLException { throw unsupported(); }
    @Override public InputStream getAsciiStream(String s0) throws SQLException { throw unsupported(); }
    @Override public InputStream getAsciiStream(int i0) throws SQLException { throw unsupported(); }
    @Override public BigDecimal getBigDecimal(String s0, int i1) throws SQLException { throw unsupported(); }
    @Override public BigDecimal getBigDecimal(String s0) throws SQLException { throw unsupported(); }
    @Override public BigDecimal getBigDecimal(int i0, int i1) throws SQLException { throw unsupported(); }
    @Override public BigDecimal getBigDecimal(int i0) throws SQLException { throw unsupported(); }
    @Override public InputStream getBinaryStream(String s0) throws SQLException { throw unsupported(); }
    @Override public InputStream getBinaryStream(int i0) throws SQLException { throw unsupported(); }
    @Override public Blob getBlob(String s0) throws SQLException { throw unsupported(); }
    @Override public Blob getBlob(int i0) throws SQLException { throw unsupported(); }
    @Override public boolean getBoolean(String s0) throws SQLException { throw unsupported(); }
    @Override public boolean getBoolean(int i0) throws SQLException { throw unsupported(); }
    @Override public byte getByte(String s0) throws SQLException { throw unsupported(); }
    @Override public byte getByte(int i0) throws SQLException { throw unsupported(); }
    @Override public byte[] getBytes(String s0) throws SQLException { throw unsupported(); }
    @Override public byte[] getBytes(int i0) throws SQLException { throw unsupported(); }
    @Override public Reader getCharacterStream(String s0) throws SQLException { throw unsupported(); }
    @Override public Reader getCharacterStream(int i0) throws SQLException { throw unsupported(); }
    @Override public Clob getClob(String s0) throws SQLException { throw unsupported(); }
    @Override public Clob getClob(int i0) throws SQLException { throw unsupported(); }
    @Override public int getConcurrency() throws SQLException { throw unsupported(); }
    @Override public String getCursorName() throws SQLException { throw unsupported(); }
    @Override public Date getDate(String s0, Calendar calendar1) throws SQLException { throw unsupported(); }
    @Override public Date getDate(String s0) throws SQLException { throw unsupported(); }
    @Override public Date getDate(int i0, Calendar calendar1) throws SQLException { throw unsupported(); }
    @Override public Date getDate(int i0) throws SQLException { throw unsupported(); }
    @Override public double getDouble(String s0) throws SQLException { throw unsupported(); }
    @Override public double getDouble(int i0) throws SQLException { throw unsupported(); }
    @Override public int getFetchDirection() throws SQLException { throw unsupported(); }
    @Override public int getFetchSize() throws SQLException { throw unsupported(); }
    @Override public float getFloat(String s0) throws SQLException { throw unsupported(); }
    @Override public float getFloat(int i0) throws SQLException { throw unsupported(); }
    @Override public int getHoldability() throws SQLException { throw unsupported(); }

    @Override
    public int getInt(String s0) {
        return 42;
    }

    @Override
    public int getInt(int i0) {
        return 42;
    }

    @Override
    public long getLong(String s0) {
        return 42L;
    }

    @Override
    public long getLong(int i0) {
        // the first column of ddlguard's one query per server is pg_backend_pid(): a direct server answers the
        // driver's own pid
        return i0 == 1 ? statement.stubConnection().getBackendPID() : 42L;
    }

    @Override public ResultSetMetaData getMetaData() throws SQLException { throw unsupported(); }
    @Override public Reader getNCharacterStream(String s0) throws SQLException { throw unsupported(); }
    @Override public Reader getNCharacterStream(int i0) throws SQLException { throw unsupported(); }
    @Override public NClob getNClob(String s0) throws SQLException { throw unsupported(); }
    @Override public NClob getNClob(int i0) throws SQLException { throw unsupported(); }
    @Override public String getNString(String s0) throws SQLException { throw unsupported(); }
    @Override public String getNString(int i0) throws SQLException { throw unsupported(); }
    @Override public <T> T getObject(String s0, Class<T> type1) throws SQLException { throw unsupported(); }
    @Override public Object getObject(String s0, Map<String, Class<?>> map1) throws SQLException { throw unsupported(); }
    @Override public Object getObject(String s0) throws SQLException { throw unsupported(); }
    @Override
    public <T> T getObject(int i0, Class<T> type1) throws SQLException {
        if (type1 == java.time.OffsetDateTime.class) { // backend_start and clock_timestamp()
            return type1.cast(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
        }
        throw unsupported();
    }
    @Override public Object getObject(int i0, Map<String, Class<?>> map1) throws SQLException { throw unsupported(); }
    @Override public Object getObject(int i0) throws SQLException { throw unsupported(); }
    @Override public Ref getRef(String s0) throws SQLException { throw unsupported(); }
    @Override public Ref getRef(int i0) throws SQLException { throw unsupported(); }
    @Override public int getRow() throws SQLException { throw unsupported(); }
    @Override public RowId getRowId(String s0) throws SQLException { throw unsupported(); }
    @Override public RowId getRowId(int i0) throws SQLException { throw unsupported(); }
    @Override public SQLXML getSQLXML(String s0) throws SQLException { throw unsupported(); }
    @Override public SQLXML getSQLXML(int i0) throws SQLException { throw unsupported(); }
    @Override public short getShort(String s0) throws SQLException { throw unsupported(); }
    @Override public short getShort(int i0) throws SQLException { throw unsupported(); }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public String getString(String s0) {
        return "ada@example.com";
    }

    @Override
    public String getString(int i0) {
        return "ada@example.com";
    }

    @Override public Time getTime(String s0, Calendar calendar1) throws SQLException { throw unsupported(); }
    @Override public Time getTime(String s0) throws SQLException { throw unsupported(); }
    @Override public Time getTime(int i0, Calendar calendar1) throws SQLException { throw unsupported(); }
    @Override public Time getTime(int i0) throws SQLException { throw unsupported(); }
    @Override public Timestamp getTimestamp(String s0, Calendar calendar1) throws SQLException { throw unsupported(); }
    @Override public Timestamp getTimestamp(String s0) throws SQLException { throw unsupported(); }
    @Override public Timestamp getTimestamp(int i0, Calendar calendar1) throws SQLException { throw unsupported(); }
    @Override public Timestamp getTimestamp(int i0) throws SQLException { throw unsupported(); }
    @Override public int getType() throws SQLException { throw unsupported(); }
    @Override public URL getURL(String s0) throws SQLException { throw unsupported(); }
    @Override public URL getURL(int i0) throws SQLException { throw unsupported(); }
    @Override public InputStream getUnicodeStream(String s0) throws SQLException { throw unsupported(); }
    @Override public InputStream getUnicodeStream(int i0) throws SQLException { throw unsupported(); }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override public void insertRow() throws SQLException { throw unsupported(); }
    @Override public boolean isAfterLast() throws SQLException { throw unsupported(); }
    @Override public boolean isBeforeFirst() throws SQLException { throw unsupported(); }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override public boolean isFirst() throws SQLException { throw unsupported(); }
    @Override public boolean isLast() throws SQLException { throw unsupported(); }

    @Override
    public boolean isWrapperFor(Class<?> type0) {
        return type0.isInstance(this);
    }

    @Override public boolean last() throws SQLException { throw unsupported(); }
    @Override public void moveToCurrentRow() throws SQLException { throw unsupported(); }
    @Override public void moveToInsertRow() throws SQLException { throw unsupported(); }

    @Override
    public boolean next() {
        return row++ == 0;
    }

    @Override public boolean previous() throws SQLException { throw unsupported(); }
    @Override public void refreshRow() throws SQLException { throw unsupported(); }
    @Override public boolean relative(int i0) throws SQLException { throw unsupported(); }
    @Override public boolean rowDeleted() throws SQLException { throw unsupported(); }
    @Override public boolean rowInserted() throws SQLException { throw unsupported(); }
    @Override public boolean rowUpdated() throws SQLException { throw unsupported(); }
    @Override public void setFetchDirection(int i0) throws SQLException { throw unsupported(); }
    @Override public void setFetchSize(int i0) throws SQLException { throw unsupported(); }

    @Override
    public <T> T unwrap(Class<T> type0) throws SQLException {
        return Stubs.unwrap(this, type0);
    }

    @Override public void updateArray(String s0, Array array1) throws SQLException { throw unsupported(); }
    @Override public void updateArray(int i0, Array array1) throws SQLException { throw unsupported(); }
    @Override public void updateAsciiStream(String s0, InputStream inputStream1, int i2) throws SQLException { throw unsupported(); }
    @Override public void updateAsciiStream(String s0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateAsciiStream(String s0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void updateAsciiStream(int i0, InputStream inputStream1, int i2) throws SQLException { throw unsupported(); }
    @Override public void updateAsciiStream(int i0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateAsciiStream(int i0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void updateBigDecimal(String s0, BigDecimal bigDecimal1) throws SQLException { throw unsupported(); }
    @Override public void updateBigDecimal(int i0, BigDecimal bigDecimal1) throws SQLException { throw unsupported(); }
    @Override public void updateBinaryStream(String s0, InputStream inputStream1, int i2) throws SQLException { throw unsupported(); }
    @Override public void updateBinaryStream(String s0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateBinaryStream(String s0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void updateBinaryStream(int i0, InputStream inputStream1, int i2) throws SQLException { throw unsupported(); }
    @Override public void updateBinaryStream(int i0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateBinaryStream(int i0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void updateBlob(String s0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateBlob(String s0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void updateBlob(String s0, Blob blob1) throws SQLException { throw unsupported(); }
    @Override public void updateBlob(int i0, InputStream inputStream1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateBlob(int i0, InputStream inputStream1) throws SQLException { throw unsupported(); }
    @Override public void updateBlob(int i0, Blob blob1) throws SQLException { throw unsupported(); }
    @Override public void updateBoolean(String s0, boolean b1) throws SQLException { throw unsupported(); }
    @Override public void updateBoolean(int i0, boolean b1) throws SQLException { throw unsupported(); }
    @Override public void updateByte(String s0, byte b1) throws SQLException { throw unsupported(); }
    @Override public void updateByte(int i0, byte b1) throws SQLException { throw unsupported(); }
    @Override public void updateBytes(String s0, byte[] bytes1) throws SQLException { throw unsupported(); }
    @Override public void updateBytes(int i0, byte[] bytes1) throws SQLException { throw unsupported(); }
    @Override public void updateCharacterStream(String s0, Reader reader1, int i2) throws SQLException { throw unsupported(); }
    @Override public void updateCharacterStream(String s0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateCharacterStream(String s0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void updateCharacterStream(int i0, Reader reader1, int i2) throws SQLException { throw unsupported(); }
    @Override public void updateCharacterStream(int i0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateCharacterStream(int i0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void updateClob(String s0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateClob(String s0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void updateClob(String s0, Clob clob1) throws SQLException { throw unsupported(); }
    @Override public void updateClob(int i0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateClob(int i0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void updateClob(int i0, Clob clob1) throws SQLException { throw unsupported(); }
    @Override public void updateDate(String s0, Date date1) throws SQLException { throw unsupported(); }
    @Override public void updateDate(int i0, Date date1) throws SQLException { throw unsupported(); }
    @Override public void updateDouble(String s0, double d1) throws SQLException { throw unsupported(); }
    @Override public void updateDouble(int i0, double d1) throws SQLException { throw unsupported(); }
    @Override public void updateFloat(String s0, float f1) throws SQLException { throw unsupported(); }
    @Override public void updateFloat(int i0, float f1) throws SQLException { throw unsupported(); }
    @Override public void updateInt(String s0, int i1) throws SQLException { throw unsupported(); }
    @Override public void updateInt(int i0, int i1) throws SQLException { throw unsupported(); }
    @Override public void updateLong(String s0, long l1) throws SQLException { throw unsupported(); }
    @Override public void updateLong(int i0, long l1) throws SQLException { throw unsupported(); }
    @Override public void updateNCharacterStream(String s0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateNCharacterStream(String s0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void updateNCharacterStream(int i0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateNCharacterStream(int i0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void updateNClob(String s0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateNClob(String s0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void updateNClob(String s0, NClob nClob1) throws SQLException { throw unsupported(); }
    @Override public void updateNClob(int i0, Reader reader1, long l2) throws SQLException { throw unsupported(); }
    @Override public void updateNClob(int i0, Reader reader1) throws SQLException { throw unsupported(); }
    @Override public void updateNClob(int i0, NClob nClob1) throws SQLException { throw unsupported(); }
    @Override public void updateNString(String s0, String s1) throws SQLException { throw unsupported(); }
    @Override public void updateNString(int i0, String s1) throws SQLException { throw unsupported(); }
    @Override public void updateNull(String s0) throws SQLException { throw unsupported(); }
    @Override public void updateNull(int i0) throws SQLException { throw unsupported(); }
    @Override public void updateObject(String s0, Object value1, int i2) throws SQLException { throw unsupported(); }
    @Override public void updateObject(String s0, Object value1) throws SQLException { throw unsupported(); }
    @Override public void updateObject(int i0, Object value1, int i2) throws SQLException { throw unsupported(); }
    @Override public void updateObject(int i0, Object value1) throws SQLException { throw unsupported(); }
    @Override public void updateRef(String s0, Ref ref1) throws SQLException { throw unsupported(); }
    @Override public void updateRef(int i0, Ref ref1) throws SQLException { throw unsupported(); }
    @Override public void updateRow() throws SQLException { throw unsupported(); }
    @Override public void updateRowId(String s0, RowId rowId1) throws SQLException { throw unsupported(); }
    @Override public void updateRowId(int i0, RowId rowId1) throws SQLException { throw unsupported(); }
    @Override public void updateSQLXML(String s0, SQLXML sQLXML1) throws SQLException { throw unsupported(); }
    @Override public void updateSQLXML(int i0, SQLXML sQLXML1) throws SQLException { throw unsupported(); }
    @Override public void updateShort(String s0, short sh1) throws SQLException { throw unsupported(); }
    @Override public void updateShort(int i0, short sh1) throws SQLException { throw unsupported(); }
    @Override public void updateString(String s0, String s1) throws SQLException { throw unsupported(); }
    @Override public void updateString(int i0, String s1) throws SQLException { throw unsupported(); }
    @Override public void updateTime(String s0, Time time1) throws SQLException { throw unsupported(); }
    @Override public void updateTime(int i0, Time time1) throws SQLException { throw unsupported(); }
    @Override public void updateTimestamp(String s0, Timestamp timestamp1) throws SQLException { throw unsupported(); }
    @Override public void updateTimestamp(int i0, Timestamp timestamp1) throws SQLException { throw unsupported(); }

    @Override
    public boolean wasNull() {
        return false;
    }

    private static SQLFeatureNotSupportedException unsupported() {
        return Stubs.unsupported("ResultSet");
    }
}
