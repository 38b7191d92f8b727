package io.ddlguard.dialect.postgres;

import io.ddlguard.element.DdlElement;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The locks one DDL statement will request, as predicted by {@link PostgresLockPlanner}. Immutable and
 * thread-safe.
 *
 * <p>Most statements wait only to be granted {@link #locks()}. The {@code CONCURRENTLY} forms take a weak lock
 * and then wait, without queueing for any lock of their own, for transactions that were already running
 * (PostgreSQL's {@code WaitForLockers} and {@code WaitForOlderSnapshots}): {@link #lockerWaits()} and
 * {@link #waitsForOlderSnapshots()} describe those waits.
 *
 * @param element                 the statement planned
 * @param locks                   one entry per locked relation or schema, with the strongest mode requested
 *                                on it; ordered by schema, then name
 * @param waitsForOlderSnapshots  whether the statement ({@code CREATE INDEX CONCURRENTLY}) also waits for every
 *                                transaction in the database that holds a snapshot older than its own, whatever
 *                                those transactions locked: such a wait shows in no lock conflict on
 *                                {@link #locks()}. {@code DROP INDEX CONCURRENTLY} does not (measured on
 *                                PostgreSQL 17): it waits for lockers of the table instead
 * @param lockerWaits             relations whose existing lock holders the statement waits out after it has been
 *                                granted its own locks: every transaction holding a lock on the relation that
 *                                conflicts with the entry's mode. {@link LockMode#SHARE} on the table for
 *                                {@code CREATE INDEX CONCURRENTLY} (the writers), {@link LockMode#ACCESS_EXCLUSIVE}
 *                                on the table for {@code DROP INDEX CONCURRENTLY} (every lock, readers too); empty
 *                                for other statements. Only granted locks count: PostgreSQL reads the holders once
 *                                and waits for each
 */
public record LockPlan(DdlElement element, List<PlannedLock> locks, boolean waitsForOlderSnapshots,
                       List<PlannedLock> lockerWaits) {

    public LockPlan {
        Objects.requireNonNull(element, "element");
        locks = List.copyOf(locks);
        lockerWaits = List.copyOf(lockerWaits);
    }

    /** A plan for a statement that waits only for its own locks. */
    public LockPlan(DdlElement element, List<PlannedLock> locks) {
        this(element, locks, false, List.of());
    }

    /** Whether the statement takes no lock another session could hold (or names nothing that exists). */
    public boolean isEmpty() {
        return locks.isEmpty() && lockerWaits.isEmpty() && !waitsForOlderSnapshots;
    }

    /** The planned lock on the relation {@code schema.name} (names as stored: already folded), if any. */
    public Optional<PlannedLock> lockOn(String schema, String name) {
        return locks.stream()
                .filter(l -> l.isRelation() && l.schema().equals(schema) && l.name().equals(name))
                .findFirst();
    }
}
