package io.ddlguard.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the JDBC wrappers hand statement text to: the seam between the wrappers and the event dispatcher.
 *
 * <p>A wrapper asks {@link #mayBeDdl} for every statement text it sees. When the answer is false the wrapper
 * calls the driver directly and allocates nothing; when it is true the wrapper passes the text and a
 * {@link JdbcCall} that runs the statement on the driver to {@link #execute} or {@link #executeBatch}, and
 * returns what the router returns. The router runs {@code call} once, or again after it failed with a lock
 * timeout (the guard's bounded retry; never for a batch, which the driver empties whatever the outcome); not
 * running it (a veto, a refused DROP) means throwing an {@link SQLException}.
 *
 * <p>Implementations must be thread-safe: one router serves every connection of a data source.
 */
public interface StatementRouter {

    /** A router that treats nothing as DDL: every statement goes straight to the driver. */
    StatementRouter PASS_THROUGH = new StatementRouter() {
        @Override
        public boolean mayBeDdl(String sql) {
            return false;
        }

        @Override
        public <T> T execute(DdlConnection connection, JdbcMethod method, String sql, JdbcCall<T> call)
                throws SQLException {
            return call.call();
        }

        @Override
        public <T> T executeBatch(DdlConnection connection, List<String> sqls, JdbcCall<T> call) throws SQLException {
            return call.call();
        }

        @Override
        public String toString() {
            return "StatementRouter.PASS_THROUGH";
        }
    };

    /**
     * Wraps a connection the data source just handed out. The dispatcher overrides this to learn the database's
     * dialect from the first connection; if it throws, {@code raw} is closed and the exception reaches the caller.
     */
    default DdlConnection connect(Connection raw) throws SQLException {
        return new DdlConnection(raw, this);
    }

    /**
     * Whether {@code sql} may hold DDL; false means it certainly holds none and the wrapper calls the driver
     * directly. Called for every statement an application sends, so it must cost nanoseconds and allocate
     * nothing. {@code sql} may be null (the driver then reports the error).
     */
    boolean mayBeDdl(String sql);

    /**
     * The DDL path for one statement text: fires events around {@code call}, which runs the statement on the
     * driver, and returns what {@code call} returns.
     *
     * @param connection the wrapper the statement was issued on
     * @param method the JDBC method the text came through, which decides how much of a multi-statement text
     *     the driver runs
     * @param sql the statement text exactly as the application passed it
     * @param call runs the statement on the driver; its exception must reach the caller unchanged
     */
    <T> T execute(DdlConnection connection, JdbcMethod method, String sql, JdbcCall<T> call) throws SQLException;

    /**
     * The DDL path for a batch holding at least one text for which {@link #mayBeDdl} said true.
     *
     * @param connection the wrapper the batch was issued on
     * @param sqls every text of the batch in the order it was added, DML included; for a prepared statement
     *     the statement's text once per added parameter set. The list is only valid during this call.
     * @param call runs {@code executeBatch} or {@code executeLargeBatch} on the driver
     */
    <T> T executeBatch(DdlConnection connection, List<String> sqls, JdbcCall<T> call) throws SQLException;
}
