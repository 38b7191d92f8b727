package io.ddlguard.dialect.h2;

import io.ddlguard.dialect.TableName;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One H2 session holding a table lock that a {@code DROP TABLE} or {@code ALTER TABLE} of the table would wait
 * for: what {@link H2LockInspector} reports. Immutable and thread-safe.
 *
 * <p>Session fields come from {@code INFORMATION_SCHEMA.SESSIONS}, the lock from {@code INFORMATION_SCHEMA.LOCKS}
 * (H2 2.3 with its default MVStore engine). H2 lists there only the table locks a session holds; row locks
 * ({@code SELECT ... FOR UPDATE}) and readers' snapshots take none, and measured on H2 2.3 they do not block a
 * {@code DROP}.
 *
 * @param sessionId               {@code SESSION_ID}; the id {@code CANCEL_SESSION} and {@code ABORT_SESSION} take
 * @param user                    {@code USER_NAME}
 * @param server                  {@code SERVER}: the server a remote session came through ({@code TCP}, {@code PG});
 *                                empty for an embedded session
 * @param clientAddress           {@code CLIENT_ADDR}; empty for an embedded session
 * @param clientInfo              {@code CLIENT_INFO}
 * @param sessionStart            {@code SESSION_START}
 * @param isolationLevel          {@code ISOLATION_LEVEL}, such as {@code READ COMMITTED}
 * @param executingStatement      {@code EXECUTING_STATEMENT}: the statement running now; empty when idle
 * @param executingStatementStart {@code EXECUTING_STATEMENT_START}
 * @param containsUncommitted     {@code CONTAINS_UNCOMMITTED}: whether its transaction has uncommitted changes (the
 *                                usual reason it holds the lock)
 * @param state                   {@code SESSION_STATE}: {@code SLEEP} when idle, {@code RUNNING},
 *                                {@code BLOCKED}
 * @param blockerId               {@code BLOCKER_ID}: the session it waits for, when it waits for a row lock (not
 *                                set while it waits for a table lock, measured)
 * @param sleepSince              {@code SLEEP_SINCE}: since when it has been idle
 * @param table                   the locked table
 * @param lockType                {@code LOCK_TYPE}: {@code READ} (shared: a writer holds it until its transaction
 *                                ends) or {@code WRITE} (exclusive)
 */
public record H2LockConflict(int sessionId, Optional<String> user, Optional<String> server,
                             Optional<String> clientAddress, Optional<String> clientInfo,
                             Optional<Instant> sessionStart, Optional<String> isolationLevel,
                             Optional<String> executingStatement, Optional<Instant> executingStatementStart,
                             boolean containsUncommitted, Optional<String> state, OptionalInt blockerId,
                             Optional<Instant> sleepSince, TableName table, String lockType) {

    public H2LockConflict {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(clientInfo, "clientInfo");
        Objects.requireNonNull(sessionStart, "sessionStart");
        Objects.requireNonNull(isolationLevel, "isolationLevel");
        Objects.requireNonNull(executingStatement, "executingStatement");
        Objects.requireNonNull(executingStatementStart, "executingStatementStart");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(blockerId, "blockerId");
        Objects.requireNonNull(sleepSince, "sleepSince");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(lockType, "lockType");
    }
}
