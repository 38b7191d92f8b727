package io.ddlguard.internal.guard;

import io.ddlguard.dialect.DialectRules;

/** Which lock guard a database gets. */
public final class LockGuards {

    private LockGuards() {
    }

    /**
     * The guard for the dialect of {@code rules}: PostgreSQL, MariaDB and MySQL, H2, SQLite each have one; other
     * databases (including relatives such as CockroachDB, whose lock views differ) get {@link LockGuard#NONE}.
     *
     * @param name the data source's name, for log messages
     */
    public static LockGuard forDialect(String name, DialectRules rules, GuardSettings settings,
                                       ConnectionRegistry registry) {
        return switch (rules.lockEngine()) {
            case POSTGRESQL -> new PostgresGuard(name, settings, registry);
            case MYSQL -> new MySqlGuard(name, settings, registry, rules);
            case H2 -> new H2Guard(name, settings, registry, rules);
            case SQLITE -> new SqliteGuard(name, settings, registry);
            case NONE -> LockGuard.NONE;
        };
    }
}
