package io.ddlguard.internal.jdbc;

import java.sql.SQLException;

/**
 * One call into the driver, deferred so that a {@link StatementRouter} can run code around it.
 *
 * <p>A wrapper creates one only on the DDL path. Instances are used on the thread that created them, once, or
 * again after a lock timeout when the guard retries the statement.
 *
 * @param <T> what the driver call returns
 */
@FunctionalInterface
public interface JdbcCall<T> {

    /** Runs the driver call and returns its result; the driver's exception propagates unchanged. */
    T call() throws SQLException;
}
