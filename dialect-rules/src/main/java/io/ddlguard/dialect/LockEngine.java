package io.ddlguard.dialect;

/** Which lock guard an engine gets: how its lock holders are found and its attempts bounded. */
public enum LockEngine {
    /** {@code pg_locks} and {@code pg_stat_activity}; {@code lock_timeout}. */
    POSTGRESQL,
    /** {@code performance_schema.metadata_locks} or the process list; {@code lock_wait_timeout}. */
    MYSQL,
    /** {@code INFORMATION_SCHEMA.SESSIONS}; {@code LOCK_TIMEOUT}. */
    H2,
    /** No view of other connections; {@code busy_timeout}. */
    SQLITE,
    /** No guard (relatives with other lock views, such as CockroachDB, and engines without one). */
    NONE
}
