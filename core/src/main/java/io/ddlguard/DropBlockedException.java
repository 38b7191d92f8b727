package io.ddlguard;

import io.ddlguard.element.DdlElement;

import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A guarded DDL statement did not run because other sessions hold locks it needs. SQLState {@code 55P03}
 * (PostgreSQL's lock_not_available), so code that already handles a lock timeout handles this too; transient,
 * because the same statement may succeed once the holders are gone.
 *
 * <p>Nothing the statement would have changed was changed: it either never ran or its attempts were rolled back.
 * When it was issued inside a transaction, that transaction is still usable (the guard rolled back to a
 * savepoint it set before the attempt). The connection is healthy: pools keep it.
 *
 * <p>{@link #getMessage()} is the report, written to be read in a log: one paragraph per holder with its pid,
 * state and for how long, the lock it holds, its last query, and for connections this application borrowed
 * through the guard, the stack that borrowed it and the SQL of its open result sets. {@link #blockers()} gives
 * the same facts as values.
 */
public final class DropBlockedException extends SQLTransientException {
    private static final long serialVersionUID = 1L;

    private final transient DdlElement element;
    private final transient List<LockHolder> blockers;
    private final DropPolicy policy;
    private final Duration waited;

    /**
     * @param report   the message: the rendered report
     * @param element  the statement that was refused
     * @param blockers the holders found last, roots of wait chains first
     * @param policy   the policy in force
     * @param waited   how long the guard tried before giving up
     * @param cause    the database's lock timeout, when the last attempt ended in one; may be null
     */
    public DropBlockedException(String report, DdlElement element, List<LockHolder> blockers, DropPolicy policy,
                                Duration waited, Throwable cause) {
        super(report, DdlGuardState.LOCK_NOT_AVAILABLE.sqlState(), cause);
        this.element = Objects.requireNonNull(element, "element");
        this.blockers = List.copyOf(blockers);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.waited = Objects.requireNonNull(waited, "waited");
    }

    /** The statement that was refused. */
    public DdlElement element() {
        return element;
    }

    /**
     * The sessions holding (or queued for) the locks the statement needs, as last seen; roots of wait chains
     * first. Empty when each attempt timed out yet no holder was visible when the guard looked (the holders came
     * and went between attempts).
     */
    public List<LockHolder> blockers() {
        return blockers;
    }

    /** The policy that was in force. */
    public DropPolicy policy() {
        return policy;
    }

    /** How long the guard spent before it gave up; under {@link DropPolicy#FAIL}, the milliseconds of the check. */
    public Duration waited() {
        return waited;
    }
}
