package io.ddlguard.internal.guard;

import io.ddlguard.DropPolicy;
import io.ddlguard.PoolMode;
import io.ddlguard.internal.metrics.GuardMetrics;

import java.time.Duration;
import java.util.Objects;

/**
 * How a guard treats a DDL statement that needs locks other sessions hold.
 *
 * @param policy         what to do when holders are found
 * @param lockWait       the most a statement may spend waiting for its locks, checks and attempts together
 * @param attemptTimeout the lock timeout of each attempt: the longest any other session's query can queue behind
 *                       the statement
 * @param metrics        where the dispatcher and the guard report what they did
 * @param poolMode       how a pooler in front of PostgreSQL, when one is detected, hands out server sessions
 * @param logRefusals    whether each refusal is logged at WARN with its report, besides being thrown
 */
public record GuardSettings(DropPolicy policy, Duration lockWait, Duration attemptTimeout, GuardMetrics metrics,
                            PoolMode poolMode, boolean logRefusals) {

    public GuardSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(poolMode, "poolMode");
    }

    /** Settings that assume a detected pooler pools transactions, and log refusals. */
    public GuardSettings(DropPolicy policy, Duration lockWait, Duration attemptTimeout, GuardMetrics metrics) {
        this(policy, lockWait, attemptTimeout, metrics, PoolMode.TRANSACTION, true);
    }

    /** Settings that record no metrics. */
    public GuardSettings(DropPolicy policy, Duration lockWait, Duration attemptTimeout) {
        this(policy, lockWait, attemptTimeout, GuardMetrics.NONE);
    }

    @Override
    public String toString() {
        return "GuardSettings[policy=" + policy + ", lockWait=" + lockWait + ", attemptTimeout=" + attemptTimeout
                + ", poolMode=" + poolMode + (logRefusals ? "" : ", refusals not logged") + "]";
    }
}
