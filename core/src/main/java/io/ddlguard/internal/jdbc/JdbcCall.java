package io.ddlguard.internal.jdbc;

import java.sql.SQLException;

/**
 * One call into the driver, deferred so that a {@link StatementRouter} can run code around it.
 *
 * <p>A wrapper creates one only on the DDL path. Instances are used once, on the thread that created them.
 *
 * @param <T> what the driver call returns
 */
@FunctionalInterface
public interface JdbcCall<T> {

    /** Runs the driver call and returns its result; the driver's exception propagates unchanged. */
    T call() throws SQLException;
}
