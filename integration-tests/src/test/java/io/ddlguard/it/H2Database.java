package io.ddlguard.it;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Fresh in-memory H2 databases, cheap enough for one per test class or per test. Thread-safe.
 *
 * <p>Each database lives until the JVM exits ({@code DB_CLOSE_DELAY=-1}), so a test may close all its
 * connections between steps without losing its tables.
 */
final class H2Database {

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private H2Database() {
    }

    /** A new, empty in-memory database; {@code name} only makes it recognisable in URLs and stack traces. */
    static DataSource newDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        JdbcDataSource ds = new JdbcDataSource();
        // A counter suffix makes every call a different database, even for a name used before.
        ds.setURL("jdbc:h2:mem:" + name + "_" + SEQUENCE.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }
}
