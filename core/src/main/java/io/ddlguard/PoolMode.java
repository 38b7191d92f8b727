package io.ddlguard;

/**
 * How a connection pooler between the application and PostgreSQL (PgBouncer, RDS Proxy, Supavisor, pgcat) hands
 * out server sessions: PgBouncer's {@code pool_mode}. ddlguard notices a pooler by itself (the server's
 * {@code pg_backend_pid()} differs from the pid the driver was given) but cannot see its mode, so it assumes the
 * mode that promises least unless told otherwise. Read only when a pooler is detected; a direct connection needs
 * nothing.
 */
public enum PoolMode {

    /**
     * Each client connection keeps one server session for its whole life (PgBouncer's {@code pool_mode = session};
     * RDS Proxy once it pins a session). The guard learns the server pid of each physical connection once, so that
     * a lock holder is traced to the code that borrowed it and {@link DropPolicy#TERMINATE} can end it, and the
     * statements that cannot run in a transaction block get a session lock timeout, put back after them. If the
     * server pid behind one client connection is ever seen to change, the guard treats the pooler as
     * {@link #TRANSACTION} from then on and says so in the log.
     */
    SESSION,

    /**
     * A client connection may get another server session at every transaction (PgBouncer's
     * {@code pool_mode = transaction}): the default. Every bound is scoped to a transaction, so nothing ddlguard
     * sets reaches another client; no holder is traced to this application's code and {@link DropPolicy#TERMINATE}
     * ends no one, because no server session belongs to one client connection; and a statement that cannot run in a
     * transaction block ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM} …) is checked first but runs without a
     * lock timeout, as the log says.
     */
    TRANSACTION
}
