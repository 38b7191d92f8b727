package io.ddlguard.internal.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A router for tests: texts starting with CREATE, DROP or ALTER may be DDL; it records what it was handed and
 * whether the driver call ran inside it, and runs the call. Not thread-safe.
 */
final class RecordingRouter implements StatementRouter {

    final List<String> routed = new ArrayList<>();
    /** The JDBC method of each routed text, in order. */
    final List<JdbcMethod> methods = new ArrayList<>();
    final List<List<String>> routedBatches = new ArrayList<>();
    final List<DdlConnection> connections = new ArrayList<>();
    int mayBeDdlChecks;
    /** Driver calls that returned normally while the router was running them. */
    int callsCompleted;

    @Override
    public boolean mayBeDdl(String sql) {
        mayBeDdlChecks++;
        if (sql == null) {
            return false;
        }
        String head = sql.stripLeading().toUpperCase(Locale.ROOT);
        return head.startsWith("CREATE") || head.startsWith("DROP") || head.startsWith("ALTER");
    }

    @Override
    public <T> T execute(DdlConnection connection, JdbcMethod method, String sql, JdbcCall<T> call)
            throws SQLException {
        routed.add(sql);
        methods.add(method);
        connections.add(connection);
        T result = call.call();
        callsCompleted++;
        return result;
    }

    @Override
    public <T> T executeBatch(DdlConnection connection, List<String> sqls, JdbcCall<T> call) throws SQLException {
        routedBatches.add(List.copyOf(sqls));
        connections.add(connection);
        T result = call.call();
        callsCompleted++;
        return result;
    }
}
