package io.ddlguard.dialect.postgres;

import io.ddlguard.element.DdlElement;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The locks one DDL statement will request, as predicted by {@link PostgresLockPlanner}. Immutable and
 * thread-safe.
 *
 * @param element                 the statement planned
 * @param locks                   one entry per locked relation or schema, with the strongest mode requested
 *                                on it; ordered by schema, then name
 * @param waitsForOlderSnapshots  whether the statement ({@code CREATE INDEX CONCURRENTLY},
 *                                {@code DROP INDEX CONCURRENTLY}) also waits for every transaction in the
 *                                database whose snapshot is older than its own, whatever those transactions
 *                                locked: such a wait shows in no lock conflict on {@link #locks()}
 */
public record LockPlan(DdlElement element, List<PlannedLock> locks, boolean waitsForOlderSnapshots) {

    public LockPlan {
        Objects.requireNonNull(element, "element");
        locks = List.copyOf(locks);
    }

    /** Whether the statement takes no lock another session could hold (or names nothing that exists). */
    public boolean isEmpty() {
        return locks.isEmpty() && !waitsForOlderSnapshots;
    }

    /** The planned lock on the relation {@code schema.name} (names as stored: already folded), if any. */
    public Optional<PlannedLock> lockOn(String schema, String name) {
        return locks.stream()
                .filter(l -> l.isRelation() && l.schema().equals(schema) && l.name().equals(name))
                .findFirst();
    }
}
