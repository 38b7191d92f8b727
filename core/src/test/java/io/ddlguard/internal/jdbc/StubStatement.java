package io.ddlguard.internal.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A test stub statement that runs nothing. Each query opens a new {@link StubResultSet}, as a driver does; updates
 * count {@link #UPDATE_COUNT}. When its connection records (as {@link StubConnection}s do), it records what reached
 * it: how many executions, the last text and which overload, the batch; {@link #failWith} makes every execution
 * throw. When it does not (the benchmarks' driver), it holds no more than a driver needs to answer JDBC: a query
 * then costs one result set and nothing else. Not thread-safe.
 */
public class StubStatement extends StubWrapper implements Statement {

    /** What every update, and every entry of a batch, counts. */
    public static final int UPDATE_COUNT = 42;

    /** What {@link #results} holds once the statement is closed. */
    private static final StubResultSet CLOSED = new StubResultSet(null);

    final StubConnection connection;
    /** What reached it; null when its connection does not record. */
    private final Log log;
    /**
     * The current result set, null when there is none; {@link #CLOSED} once the statement is closed (a flag of its
     * own would make every statement 8 bytes larger, which the benchmarks would measure).
     */
    private StubResultSet results;

    StubStatement(StubConnection connection) {
        this(connection, null);
    }

    /** @param sql a prepared statement's own text, which its parameterless executions record */
    StubStatement(StubConnection connection, String sql) {
        this.connection = connection;
        this.log = connection.records ? new Log(sql) : null;
    }

    /**
     * Records an execution of {@code sql} through {@code call}, then throws the failure set, if any; refuses it once
     * the statement is closed, as a driver does.
     */
    final void ran(String sql, String call) throws SQLException {
        if (results == CLOSED) {
            // 55000: object not in prerequisite state, as pgjdbc answers
            throw new SQLException("the stub statement is closed", "55000");
        }
        if (log != null) {
            log.ran(sql, call);
        }
    }

    /** Records a parameterless execution of a prepared statement's own text through {@code call}. */
    final void ran(String call) throws SQLException {
        ran(log == null ? null : log.preparedSql, call);
    }

    /** Records the execution of the batch through {@code call}. */
    private void ranBatch(String call) throws SQLException {
        if (log != null) {
            log.lastBatchSize = log.batchSize;
            log.batchSize = 0;
        }
        ran(null, call);
    }

    /** Records an entry added to the batch: a text, or a prepared statement's parameter set. */
    final void added() {
        if (log != null) {
            log.batchSize++;
        }
    }

    /** Opens the result of a query, run on an open statement: its current result set from now on. */
    final StubResultSet open() {
        return results = new StubResultSet(this);
    }

    /** Makes every execution from now on throw {@code failure}, after it is recorded; null to stop. */
    public void failWith(SQLException failure) {
        log().failure = failure;
    }

    /** Executions of any kind, batches included. */
    public int executions() {
        return log().executions;
    }

    /** The text of the last execution; a prepared statement's own text for its parameterless executions. */
    public String lastSql() {
        return log().lastSql;
    }

    /** The JDBC method the last execution came through, as {@code "executeUpdate(String,int)"}. */
    public String lastCall() {
        return log().lastCall;
    }

    /** Entries the last executed batch held. */
    public int lastBatchSize() {
        return log().lastBatchSize;
    }

    /** What {@code executeBatch()} answers: the same array every time. */
    public int[] batchResult() {
        return log().batchResult;
    }

    /** What {@code executeLargeBatch()} answers: the same array every time. */
    public long[] largeBatchResult() {
        return log().largeBatchResult;
    }

    /** The current result set: the last query's; null before the first, and once closed. */
    public StubResultSet resultSet() {
        return results == CLOSED ? null : results;
    }

    private Log log() {
        if (log == null) {
            throw new IllegalStateException("this statement's connection does not record: use a StubConnection");
        }
        return log;
    }

    /** What reached a statement of a recording connection. */
    private static final class Log {

        final String preparedSql;
        final int[] batchResult = {UPDATE_COUNT};
        final long[] largeBatchResult = {UPDATE_COUNT};
        int executions;
        String lastSql;
        String lastCall;
        /** Entries in the batch now. */
        int batchSize;
        int lastBatchSize;
        SQLException failure;

        Log(String preparedSql) {
            this.preparedSql = preparedSql;
        }

        void ran(String sql, String call) throws SQLException {
            executions++;
            lastSql = sql;
            lastCall = call;
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        ran(sql, "execute(String)");
        open();
        return true;
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        ran(sql, "execute(String,int)");
        open();
        return true;
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        ran(sql, "execute(String,int[])");
        open();
        return true;
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        ran(sql, "execute(String,String[])");
        open();
        return true;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        ran(sql, "executeUpdate(String)");
        return UPDATE_COUNT;
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        ran(sql, "executeUpdate(String,int)");
        return UPDATE_COUNT;
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        ran(sql, "executeUpdate(String,int[])");
        return UPDATE_COUNT;
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        ran(sql, "executeUpdate(String,String[])");
        return UPDATE_COUNT;
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        ran(sql, "executeLargeUpdate(String)");
        return UPDATE_COUNT;
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        ran(sql, "executeLargeUpdate(String,int)");
        return UPDATE_COUNT;
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        ran(sql, "executeLargeUpdate(String,int[])");
        return UPDATE_COUNT;
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        ran(sql, "executeLargeUpdate(String,String[])");
        return UPDATE_COUNT;
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        ran(sql, "executeQuery(String)");
        return open();
    }

    @Override
    public void addBatch(String sql) {
        added();
    }

    @Override
    public void clearBatch() {
        if (log != null) {
            log.batchSize = 0;
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        ranBatch("executeBatch()");
        return log == null ? new int[] {UPDATE_COUNT} : log.batchResult;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        ranBatch("executeLargeBatch()");
        return log == null ? new long[] {UPDATE_COUNT} : log.largeBatchResult;
    }

    @Override
    public ResultSet getResultSet() {
        return resultSet();
    }

    /** The current result set, as a driver answers that returns keys in the query's own result; else a new one. */
    @Override
    public ResultSet getGeneratedKeys() {
        StubResultSet current = resultSet();
        return current != null ? current : new StubResultSet(this);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void close() {
        results = CLOSED;
    }

    @Override
    public boolean isClosed() {
        return results == CLOSED;
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return 0;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
    }

    @Override
    public int getMaxRows() throws SQLException {
        return 0;
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return 0;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
    }

    @Override
    public void cancel() throws SQLException {
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
    }

    @Override
    public void setCursorName(String name) throws SQLException {
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return -1; // no more results: a caller looping over them stops
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        if (results != CLOSED) {
            results = null;
        }
        return false;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return 0;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
    }

    @Override
    public int getFetchSize() throws SQLException {
        return 0;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return 0;
    }

    @Override
    public int getResultSetType() throws SQLException {
        return 0;
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return getMoreResults();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return 0;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return false;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return false;
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return -1;
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return 0;
    }

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        return null;
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        return null;
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        return false;
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        return null;
    }
}
