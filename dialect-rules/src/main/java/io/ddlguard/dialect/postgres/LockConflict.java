package io.ddlguard.dialect.postgres;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One reason a planned DDL statement would wait for another session or a prepared transaction: what
 * {@link PostgresLockInspector} reports. Immutable and thread-safe.
 *
 * <p>Most rows ({@link Cause#LOCK}) are a lock, held or queued, on a relation or schema the statement locks.
 * Its {@link #mode()} conflicts with {@code target().mode()} by {@link LockMode#conflictsWith}, except for the
 * locks a {@code CONCURRENTLY} form waits out after taking its own (see {@link LockPlan#lockerWaits()}): a writer's
 * {@link LockMode#ROW_EXCLUSIVE} for {@code CREATE INDEX CONCURRENTLY}, any lock on the table for
 * {@code DROP INDEX CONCURRENTLY}.
 *
 * <p>A {@link Cause#OLDER_SNAPSHOT} row is a session that a {@code CREATE INDEX CONCURRENTLY} waits for because
 * it holds a snapshot ({@code pg_stat_activity.backend_xmin}), whatever it locked: PostgreSQL waits for such a
 * transaction by requesting a share lock on its virtual transaction id, which the transaction holds in
 * {@link LockMode#EXCLUSIVE} mode until it ends ({@code pg_locks.locktype = 'virtualxid'}). Such a row has
 * {@code mode = EXCLUSIVE}, {@code granted = true}, and as {@code target} the plan's lock on the table.
 *
 * <p>Session fields come from {@code pg_stat_activity}. They are empty when {@link #visibility()} says they
 * cannot be read: a prepared transaction has no session, and a role without {@code pg_read_all_stats}
 * sees another role's {@code usename} and {@code application_name} (and its snapshot) but not its state,
 * timestamps, backend type, client address or query.
 *
 * @param pid              the backend pid; empty for a prepared transaction
 * @param gid              the prepared transaction's global id ({@code PREPARE TRANSACTION 'gid'}); empty for
 *                         a session
 * @param applicationName  {@code application_name}
 * @param user             {@code usename}
 * @param clientAddress    {@code client_addr}; also empty for a Unix-socket connection
 * @param state            {@code state}, such as {@code "idle in transaction"}
 * @param stateChange      when {@link #state()} last changed
 * @param transactionStart when the session's transaction started
 * @param backendType      {@code backend_type}, such as {@code "client backend"}
 * @param mode             the mode the session holds or waits for; for {@link Cause#OLDER_SNAPSHOT},
 *                         {@link LockMode#EXCLUSIVE}: its lock on its own virtual transaction id
 * @param granted          whether it holds the lock ({@code false}: it is queued for it, and a DDL would queue
 *                         behind it); always {@code true} for {@link Cause#OLDER_SNAPSHOT}
 * @param target           the planned lock it conflicts with: the relation or schema; for
 *                         {@link Cause#OLDER_SNAPSHOT}, the plan's lock on the table being indexed
 * @param query            the session's last query: for an idle session not the one that took the lock
 * @param waitEvent        {@code wait_event_type:wait_event} while it waits, such as {@code "Lock:relation"}
 * @param rootPid          the root of its wait chain: the session at the end of {@code pg_blocking_pids},
 *                         which is this session when it waits for nothing; empty for a prepared transaction
 * @param visibility       which session fields could be read
 * @param backendStart     when the session connected ({@code backend_start})
 * @param superuser        whether the session's role is a superuser (such a session is never terminated)
 * @param cause            why the statement would wait for it
 */
public record LockConflict(Optional<Integer> pid, Optional<String> gid, Optional<String> applicationName,
                         Optional<String> user, Optional<String> clientAddress, Optional<String> state,
                         Optional<Instant> stateChange, Optional<Instant> transactionStart,
                         Optional<String> backendType, LockMode mode, boolean granted, PlannedLock target,
                         Optional<String> query, Optional<String> waitEvent, Optional<Integer> rootPid,
                         Visibility visibility, Optional<Instant> backendStart, boolean superuser,
                         Cause cause) {

    /** Why a statement would wait for the holder. */
    public enum Cause {
        /** A lock on a relation or schema the statement locks (or waits out, for the {@code CONCURRENTLY} forms). */
        LOCK,
        /**
         * A transaction whose snapshot is older than the one a {@code CREATE INDEX CONCURRENTLY} builds with:
         * the build waits for it to end, even if it never touched the table.
         */
        OLDER_SNAPSHOT
    }

    /** How much of a holder's session could be read. */
    public enum Visibility {
        /** Every field was readable. */
        FULL,
        /**
         * The role lacks {@code pg_read_all_stats} (or is not the holder's role): state, timestamps, backend
         * type, client address and query are hidden; pid, user, application name and the lock are still known.
         */
        PRIVILEGE_HIDDEN,
        /** No session: a prepared transaction, or a session that ended while the report was being read. */
        NO_SESSION
    }

    public LockConflict {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(gid, "gid");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateChange, "stateChange");
        Objects.requireNonNull(transactionStart, "transactionStart");
        Objects.requireNonNull(backendType, "backendType");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(waitEvent, "waitEvent");
        Objects.requireNonNull(rootPid, "rootPid");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(backendStart, "backendStart");
        Objects.requireNonNull(cause, "cause");
    }

    /** Whether this is a prepared transaction (no session; end it with {@code COMMIT/ROLLBACK PREPARED}). */
    public boolean isPreparedTransaction() {
        return gid.isPresent();
    }
}
