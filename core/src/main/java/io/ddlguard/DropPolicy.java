package io.ddlguard;

/**
 * What a guarded DDL statement does when other sessions hold locks it needs. Whatever the policy, the statement
 * itself runs with a short per-attempt lock timeout ({@link DdlGuard.Builder#attemptTimeout}) and is retried
 * until {@link DdlGuard.Builder#lockWait} is spent, so it never hangs and never keeps other sessions queued
 * behind it for longer than one attempt.
 */
public enum DropPolicy {

    /** Throw {@link DropBlockedException} at once, naming the holders; the statement is not run. The default. */
    FAIL,

    /**
     * Poll the lock table, without entering the lock queue, until the holders are gone, then run; throw
     * {@link DropBlockedException} when {@code lockWait} is spent.
     */
    WAIT,

    /**
     * End the blocking sessions that this guard handed out ({@code pg_terminate_backend}, {@code KILL CONNECTION},
     * {@code ABORT_SESSION}), then wait as {@link #WAIT} does for any other holder. Never another application's
     * session, a prepared transaction, or a privileged account's session (a PostgreSQL superuser, a MariaDB/MySQL
     * user with {@code SUPER} or {@code CONNECTION ADMIN}, an H2 admin), nor one whose privileges cannot be read:
     * the report names the sessions left alone and why.
     */
    TERMINATE,

    /** Log the holders as a warning and run the statement anyway, within the per-attempt timeout and retries. */
    LOG
}
