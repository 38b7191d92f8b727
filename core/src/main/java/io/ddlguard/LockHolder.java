package io.ddlguard;

import io.ddlguard.internal.guard.BlockerReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A session (or prepared transaction) holding, or queued for, a lock that a guarded DDL statement needs: one
 * entry of {@link DropBlockedException#blockers()}. Immutable.
 *
 * <p>Which fields are present depends on what the database lets the guard's role read: {@link #hidden()} names
 * the fields that exist but could not be read, and {@link #hiddenBecause()} says why.
 *
 * @param pid              the server process (PostgreSQL backend pid, MySQL connection id); empty for a prepared
 *                         transaction
 * @param preparedTransaction the global id of a prepared transaction ({@code PREPARE TRANSACTION 'gid'}), which
 *                         holds its locks with no session until {@code COMMIT PREPARED} or {@code ROLLBACK PREPARED}
 * @param relation         the relation (or schema) locked, schema-qualified, quoted where the database would need it
 * @param mode             the lock mode held or requested, as the database names it ({@code AccessShareLock})
 * @param granted          whether the lock is held; {@code false} means the session is queued for it, and the DDL
 *                         would queue behind it
 * @param olderSnapshot    whether this session blocks not by a lock but by holding a snapshot older than a
 *                         concurrent index build's ({@code CREATE INDEX CONCURRENTLY} waits for it to end)
 * @param state            the session's state, such as {@code idle in transaction}
 * @param stateSince       when the state last changed
 * @param transactionStart when its transaction began
 * @param query            its last statement: for an idle session the one it ran last, not necessarily the one that
 *                         took the lock; a statement that mentions a password or secret has its string literals
 *                         masked ({@code '***'})
 * @param user             the role it is logged in as
 * @param applicationName  its {@code application_name}
 * @param clientAddress    its client address; empty for Unix-socket connections too
 * @param openedAt         when its connection was opened (the server's {@code backend_start})
 * @param blockedBy        when the session is itself waiting: the root of its wait chain, the session to end first
 * @param origin           present when this guard handed out the connection: where it was borrowed, its
 *                         transaction mode and its open result sets
 * @param hidden           names of the fields above that exist but could not be read
 * @param hiddenBecause    why those fields are hidden
 */
public record LockHolder(OptionalLong pid, Optional<String> preparedTransaction, String relation, String mode,
                         boolean granted, boolean olderSnapshot, Optional<String> state, Optional<Instant> stateSince,
                         Optional<Instant> transactionStart, Optional<String> query, Optional<String> user,
                         Optional<String> applicationName, Optional<String> clientAddress, Optional<Instant> openedAt,
                         OptionalLong blockedBy, Optional<ConnectionOrigin> origin, List<String> hidden,
                         Optional<String> hiddenBecause) {

    public LockHolder {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(preparedTransaction, "preparedTransaction");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateSince, "stateSince");
        Objects.requireNonNull(transactionStart, "transactionStart");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(blockedBy, "blockedBy");
        Objects.requireNonNull(origin, "origin");
        hidden = List.copyOf(hidden);
        Objects.requireNonNull(hiddenBecause, "hiddenBecause");
    }

    /** Whether this guard handed out the holder's connection: it is this application's own. */
    public boolean isOwnConnection() {
        return origin.isPresent();
    }

    /**
     * {@code holders} as text, the way the report of a {@link DropBlockedException} shows them: one paragraph per
     * session or prepared transaction, in the given order, with the locks it holds or awaits, its state, its last
     * query and, for this application's own connections, where they were borrowed; then a line naming the
     * sessions whose details the database hid. Each paragraph starts with two spaces, its continuation lines with
     * four; lines are separated by {@code \n}. Empty when {@code holders} is.
     *
     * @param now the instant ages are measured to (for holders read from a remote server, preferably that
     *            server's clock)
     */
    public static String describe(List<LockHolder> holders, Instant now) {
        Objects.requireNonNull(holders, "holders");
        Objects.requireNonNull(now, "now");
        return BlockerReport.sessions(holders, now);
    }

    /** How long the session has been in its current transaction, as of {@code now}, when known. */
    public Optional<Duration> transactionAge(Instant now) {
        return transactionStart.map(t -> Duration.between(t, now));
    }
}
