package io.ddlguard.it;

import javax.sql.DataSource;

/** The shared embedded PostgreSQL, for suites that test ddlguard's internals from their own package. */
public final class PostgresTestAccess {

    private PostgresTestAccess() {
    }

    /** A fresh database of that name; a superuser data source on it. */
    public static DataSource newDatabase(String name) {
        return PostgresServer.newDatabase(name);
    }

    /** A data source on {@code database} logging in as {@code user}, a role the test created. */
    public static DataSource dataSource(String database, String user) {
        return PostgresServer.dataSource(database, user);
    }
}
