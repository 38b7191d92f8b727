package io.ddlguard.internal.jdbc;

/**
 * Which JDBC method a statement text reached the router through. Drivers differ in how much of a
 * multi-statement text each method runs (sqlite-jdbc's {@code execute} and {@code executeQuery} run only the
 * first statement, its {@code executeUpdate} runs them all), so events must know.
 */
public enum JdbcMethod {
    /** {@code Statement.execute(String...)}. */
    EXECUTE,
    /** {@code Statement.executeUpdate(String...)} and {@code executeLargeUpdate(String...)}. */
    EXECUTE_UPDATE,
    /** {@code Statement.executeQuery(String)}. */
    EXECUTE_QUERY,
    /** Any {@code execute*} of a prepared or callable statement. */
    PREPARED
}
