package io.ddlguard.benchmarks.stub;

import io.ddlguard.internal.jdbc.StubConnection;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.fastpath.Fastpath;
import org.postgresql.jdbc.AutoSave;
import org.postgresql.jdbc.PreferQueryMode;
import org.postgresql.largeobject.LargeObjectManager;
import org.postgresql.replication.PGReplicationConnection;
import org.postgresql.util.PGobject;

import java.sql.Array;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;

/**
 * The benchmarks' driver: core's test stub connection, made to pass for pgjdbc's. It is a {@code PGConnection}
 * whose backend pid is its session id, so that ddlguard's PostgreSQL guard tracks it as it tracks a real one; it
 * does nothing else of pgjdbc's, has no metadata, and its statements record nothing, so that it costs what a driver
 * doing no work would. Not thread-safe.
 */
@SuppressWarnings("deprecation") // the interface's deprecated methods must be implemented too
public final class StubPgConnection extends StubConnection implements PGConnection {

    /** @param pid its backend pid, and its session id */
    public StubPgConnection(int pid) {
        super(pid, false);
    }

    /**
     * None: a stub has no catalog, so ddlguard is told the dialect rather than detecting it. p6spy asks on every
     * borrow and accepts null, so that a borrow through it costs what p6spy itself costs.
     */
    @Override
    public DatabaseMetaData getMetaData() {
        return null;
    }

    /** Its session id, which ddlguard's PostgreSQL guard reads of every connection it tracks. */
    @Override
    public int getBackendPID() {
        return sessionId();
    }

    @Override
    public void addDataType(String type, Class<? extends PGobject> klass) throws SQLException {
        throw unsupported();
    }

    @Override public Array createArrayOf(String typeName, Object elements) throws SQLException { throw unsupported(); }
    @Override public void addDataType(String type, String className) { throw unsupportedPg(); }
    @Override public void cancelQuery() throws SQLException { throw unsupported(); }
    @Override public String escapeIdentifier(String identifier) throws SQLException { throw unsupported(); }
    @Override public String escapeLiteral(String literal) throws SQLException { throw unsupported(); }
    @Override public boolean getAdaptiveFetch() { throw unsupportedPg(); }
    @Override public AutoSave getAutosave() { throw unsupportedPg(); }
    @Override public CopyManager getCopyAPI() throws SQLException { throw unsupported(); }
    @Override public int getDefaultFetchSize() { throw unsupportedPg(); }
    @Override public Fastpath getFastpathAPI() throws SQLException { throw unsupported(); }
    @Override public LargeObjectManager getLargeObjectAPI() throws SQLException { throw unsupported(); }
    @Override public PGNotification[] getNotifications() throws SQLException { throw unsupported(); }
    @Override public PGNotification[] getNotifications(int timeoutMillis) throws SQLException { throw unsupported(); }
    @Override public String getParameterStatus(String parameterName) { throw unsupportedPg(); }
    @Override public Map<String, String> getParameterStatuses() { throw unsupportedPg(); }
    @Override public PreferQueryMode getPreferQueryMode() { throw unsupportedPg(); }
    @Override public int getPrepareThreshold() { throw unsupportedPg(); }
    @Override public PGReplicationConnection getReplicationAPI() { throw unsupportedPg(); }
    @Override public void setAdaptiveFetch(boolean adaptiveFetch) { throw unsupportedPg(); }
    @Override public void setAutosave(AutoSave autoSave) { throw unsupportedPg(); }
    @Override public void setDefaultFetchSize(int fetchSize) throws SQLException { throw unsupported(); }
    @Override public void setPrepareThreshold(int threshold) { throw unsupportedPg(); }

    private static UnsupportedOperationException unsupportedPg() {
        return new UnsupportedOperationException("the stub PGConnection does not do this");
    }

    private static SQLFeatureNotSupportedException unsupported() {
        // 0A000: feature not supported
        return new SQLFeatureNotSupportedException("the stub PGConnection does not do this", "0A000");
    }
}
