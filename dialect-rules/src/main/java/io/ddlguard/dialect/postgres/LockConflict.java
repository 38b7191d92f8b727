package io.ddlguard.dialect.postgres;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One lock, held or queued by another session or by a prepared transaction, that conflicts with a lock a
 * DDL statement plans to take: what {@link PostgresLockInspector} reports. Immutable and thread-safe.
 *
 * <p>Session fields come from {@code pg_stat_activity}. They are empty when {@link #visibility()} says they
 * cannot be read: a prepared transaction has no session, and a role without {@code pg_read_all_stats}
 * sees another role's {@code usename} and {@code application_name} but not its state, timestamps, client
 * address or query.
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
 * @param mode             the mode the session holds or waits for
 * @param granted          whether it holds the lock ({@code false}: it is queued for it, and a DDL would queue
 *                         behind it)
 * @param target           the planned lock it conflicts with: the relation or schema
 * @param query            the session's last query: for an idle session not the one that took the lock
 * @param waitEvent        {@code wait_event_type:wait_event} while it waits, such as {@code "Lock:relation"}
 * @param rootPid          the root of its wait chain: the session at the end of {@code pg_blocking_pids},
 *                         which is this session when it waits for nothing; empty for a prepared transaction
 * @param visibility       which session fields could be read
 * @param backendStart     when the session connected ({@code backend_start})
 * @param superuser        whether the session's role is a superuser (such a session is never terminated)
 */
public record LockConflict(Optional<Integer> pid, Optional<String> gid, Optional<String> applicationName,
                         Optional<String> user, Optional<String> clientAddress, Optional<String> state,
                         Optional<Instant> stateChange, Optional<Instant> transactionStart,
                         Optional<String> backendType, LockMode mode, boolean granted, PlannedLock target,
                         Optional<String> query, Optional<String> waitEvent, Optional<Integer> rootPid,
                         Visibility visibility, Optional<Instant> backendStart, boolean superuser) {

    /** How much of a holder's session could be read. */
    public enum Visibility {
        /** Every field was readable. */
        FULL,
        /**
         * The role lacks {@code pg_read_all_stats} (or is not the holder's role): state, timestamps, client
         * address and query are hidden; pid, user, application name and the lock are still known.
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
    }

    /** Whether this is a prepared transaction (no session; end it with {@code COMMIT/ROLLBACK PREPARED}). */
    public boolean isPreparedTransaction() {
        return gid.isPresent();
    }
}
