package io.ddlguard.internal.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections are {@link StubConnection}s; records whether it was closed. Not thread-safe
 * beyond what its tests need.
 */
final class StubDataSource extends StubWrapper implements DataSource, AutoCloseable {

    StubConnection lastConnection;
    String lastUser;
    boolean closed;

    @Override
    public Connection getConnection() {
        lastConnection = new StubConnection();
        return lastConnection;
    }

    @Override
    public Connection getConnection(String username, String password) {
        lastUser = username;
        return getConnection();
    }

    @Override
    public void close() {
        closed = true;
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
