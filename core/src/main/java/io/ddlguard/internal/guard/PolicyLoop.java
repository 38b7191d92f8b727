package io.ddlguard.internal.guard;

import io.ddlguard.ConnectionOrigin;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.element.DdlElement;
import io.ddlguard.internal.log.Log;
import io.ddlguard.internal.metrics.GuardMetrics.PolicyOutcome;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The policy loop of one guarded statement text: reads who holds its locks, and waits them out, ends them, logs or
 * refuses as the policy says, within the statement's budget; and the report a refusal carries. Made by
 * {@link PolicyGuard#check} and driven by the check and by the statement's {@link GuardRun}; used by the one thread
 * running the statement.
 */
final class PolicyLoop {

    /** The guard's own log: its messages keep the logger name applications configure. */
    private static final Log LOG = Log.of(PolicyGuard.class);
    static final long FIRST_POLL_NANOS = Duration.ofMillis(10).toNanos();
    static final long MAX_POLL_NANOS = Duration.ofMillis(200).toNanos();
    /**
     * How long the failed attempts of an inexact inspection must span before FAIL or LOG reports its candidates:
     * a lock that MariaDB's background work (purge after a rollback, statistics) holds for a moment can fail two
     * attempts made 10 ms apart, while a session's real lock outlasts this.
     */
    private static final long CONFIRM_NANOS = Duration.ofMillis(250).toNanos();

    private final PolicyGuard guard;
    private final GuardSettings settings;
    private final String name;
    private final List<DdlElement> elements;
    private final Inspection inspection;
    private final long start;
    private final long deadline;
    /** The sessions TERMINATE has dealt with: ended, spared or failed to end; each is tried once. */
    private final Set<Long> terminateTried = new HashSet<>();
    private boolean terminatedAny;
    /** Why TERMINATE left sessions alone, for the report: one clause per session. */
    private final List<String> spared = new ArrayList<>(0);
    private boolean warned;
    /** Whether any inspection found holders. */
    private boolean sawHolders;
    /**
     * Attempts that timed out. Candidates from an inexact inspection are only reported once a second attempt
     * (at least {@link #CONFIRM_NANOS} after the check began)
     * failed: the first may have met a lock held for a moment by no session at all (MariaDB's background
     * threads), while the candidates were sessions that hold nothing the statement needs.
     */
    private int failedAttempts;
    /** Why the lock views could not be read, once a read failed: the statement then runs on attempts alone. */
    private String readFailure;
    /** Why the attempts could not be bounded, once they could not; null while they are. */
    private String unbounded;
    /** Why no holder could be traced to this application's code, as of the last read of the holders. */
    private String untraced = "";

    PolicyLoop(PolicyGuard guard, List<DdlElement> elements, Inspection inspection, long start) {
        this.guard = guard;
        this.settings = guard.settings;
        this.name = guard.name;
        this.elements = elements;
        this.inspection = inspection;
        this.start = start;
        this.deadline = start + settings.lockWait().toNanos();
    }

    /** The statements of the text, as the report names them. */
    List<DdlElement> elements() {
        return elements;
    }

    /** Whether the statement gets one attempt with the whole budget ({@link Inspection#singleAttempt()}). */
    boolean singleAttempt() {
        return inspection.singleAttempt();
    }

    /** Whether any read of the holders found some. */
    boolean sawHolders() {
        return sawHolders;
    }

    /** Whether the budget is spent. */
    boolean expired() {
        return System.nanoTime() >= deadline;
    }

    /** What is left of the budget; negative once it is spent. */
    long remainingNanos() {
        return deadline - System.nanoTime();
    }

    /** Notes, once, that the attempts run without a lock timeout, and why: logged now, said in any report. */
    void runsUnbounded(String why) {
        if (unbounded == null) {
            unbounded = why;
            LOG.warn("{}: {} runs without a lock timeout: {}", name, sql(), why);
        }
    }

    /** Counts an attempt that ended in a lock timeout. */
    void attemptTimedOut() {
        failedAttempts++;
    }

    /** The refusal after the attempt that failed with {@code timeout}, naming who holds the locks now. */
    DropBlockedException refusal(Connection connection, Bound bound, SQLException timeout) throws SQLException {
        return blocked(holders(connection, bound, true), timeout);
    }

    /**
     * Returns when no other session holds a conflicting lock, or the policy lets the statement go ahead
     * anyway, or (for an inexact inspection) when it is time to try again; throws {@link DropBlockedException}
     * when it must not run.
     */
    void awaitClear(Connection connection, Bound bound, SQLException timeout, long firstPoll) throws SQLException {
        long poll = firstPoll;
        int found = 0;
        while (true) {
            List<LockHolder> holders = holders(connection, bound, timeout != null);
            // asked after the read: an engine learns from it whether its answer was exact (MariaDB's views)
            boolean exact = timeout == null || inspection.exact();
            if (holders.isEmpty()) {
                if (found > 0) {
                    settings.metrics().blocked(settings.policy(),
                            terminatedAny ? PolicyOutcome.TERMINATED : PolicyOutcome.CLEARED, found);
                }
                return;
            }
            DropPolicy policy = settings.policy();
            sawHolders = true;
            found = found == 0 ? holders.size() : found;
            if (policy == DropPolicy.FAIL && (exact || confirmed())) {
                throw blocked(holders, timeout);
            }
            if (policy == DropPolicy.LOG && (exact || confirmed())) {
                settings.metrics().blocked(policy, PolicyOutcome.LOGGED, holders.size());
                if (!warned) {
                    warned = true;
                    LOG.warn("{}: {}", name, BlockerReport.render(sql(), "runs anyway, within its lock timeout",
                            holders, policy, elapsed(), Instant.now(), guard.sessionWord(), inspection.limitation()));
                }
                return;
            }
            // Candidates of an inexact inspection may hold nothing the statement needs: never end them.
            if (policy == DropPolicy.TERMINATE && exact && terminateOwn(connection, holders)) {
                poll = FIRST_POLL_NANOS;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw blocked(holders, timeout);
            }
            pause(Math.min(poll, remaining), holders);
            if (!exact || readFailure != null) {
                return; // candidates may never all end: the next attempt tells whether the real holder did
            }
            poll = Math.min(poll * 2, MAX_POLL_NANOS);
        }
    }

    /**
     * Who holds the statement's locks now. When the lock views cannot be read (a privilege revoked, a view that
     * fails midway) the statement goes on with bounded attempts alone and its report says why: {@code bound}
     * leaves the connection able to run it (on PostgreSQL, by rolling back to the guard's savepoint or its own
     * transaction). Without a bound, inside a transaction the failed read aborted, nothing more can run.
     */
    private List<LockHolder> holders(Connection connection, Bound bound, boolean afterTimeout)
            throws SQLException {
        if (readFailure != null) {
            return List.of();
        }
        try {
            List<LockHolder> found = afterTimeout ? inspection.holdersAfterTimeout(connection)
                    : inspection.holders(connection);
            untraced = found.isEmpty() ? "" : guard.untraced(connection);
            return found;
        } catch (SQLException e) {
            if (bound != null) {
                bound.rollBack(); // the next attempt arms it again
            } else if (guard.transactionalDdl() && !connection.getAutoCommit()) {
                throw e;
            }
            readFailure = PolicyGuard.readFailure(e);
            LOG.warn("{}: could not read who holds the locks of {} ({}); going on with bounded attempts only",
                    name, sql(), e.getMessage());
            return List.of();
        }
    }

    /** The per-attempt timeout, shortened to what is left of the budget (at least 1 ms). */
    long attemptMillis() {
        long remaining = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        long attempt = inspection.singleAttempt() ? remaining : settings.attemptTimeout().toMillis();
        return Math.max(1, Math.min(attempt, remaining));
    }

    /** Whether an inexact inspection's candidates may be reported: attempts failed twice, over a while. */
    private boolean confirmed() {
        return failedAttempts > 1 && System.nanoTime() - start >= Math.min(CONFIRM_NANOS, deadline - start);
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    void pause(long nanos, List<LockHolder> holders) throws DropBlockedException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            DropBlockedException blocked = blocked(holders, null);
            blocked.addSuppressed(e);
            throw blocked;
        }
    }

    /** Ends the blocking sessions this application owns; whether any was ended now. */
    private boolean terminateOwn(Connection connection, List<LockHolder> holders) {
        boolean any = false;
        for (LockHolder h : holders) {
            if (h.pid().isEmpty() || h.origin().isEmpty() || !terminateTried.add(h.pid().getAsLong())) {
                continue;
            }
            long pid = h.pid().getAsLong();
            try {
                PolicyGuard.Termination t = guard.terminate(connection, pid, h.openedAt());
                if (t.ended()) {
                    any = true;
                    terminatedAny = true;
                    ConnectionOrigin o = h.origin().get();
                    LOG.warn("{}: terminated {} {}, which blocked {}; it was this application's connection from"
                            + " {}, borrowed by thread \"{}\"{}", name, guard.sessionWord(), pid, sql(), o.dataSource(),
                            o.thread(), o.caller().map(f -> " at " + f).orElse(""));
                } else if (!t.spared().isEmpty()) {
                    spared.add(guard.sessionWord() + " " + pid + " (" + t.spared() + ")");
                    LOG.warn("{}: did not terminate {} {}, which blocks {}: {}", name, guard.sessionWord(), pid,
                            sql(), t.spared());
                }
            } catch (SQLException e) {
                LOG.warn("{}: could not terminate {} {}, which blocks {}: {}", name, guard.sessionWord(), pid, sql(),
                        e.getMessage());
            }
        }
        return any;
    }

    /** What the report notes: what the guard could not see, and which sessions TERMINATE left alone. */
    private String note() {
        List<String> notes = new ArrayList<>(3);
        String seen = readFailure != null ? readFailure : inspection.limitation();
        if (!seen.isEmpty()) {
            notes.add(seen);
        }
        if (unbounded != null) {
            notes.add("it ran without a lock timeout: " + unbounded);
        }
        if (!untraced.isEmpty()) {
            notes.add(untraced);
        }
        if (!spared.isEmpty()) {
            notes.add("TERMINATE did not end " + String.join(", ", spared));
        }
        return String.join(".\n  Note: ", notes);
    }

    /**
     * The exception refusing the statement; counted in the metrics as what the policy did, and logged at WARN with
     * its report unless the settings say not to.
     */
    private DropBlockedException blocked(List<LockHolder> holders, SQLException cause) {
        settings.metrics().blocked(settings.policy(),
                settings.policy() == DropPolicy.FAIL ? PolicyOutcome.REFUSED : PolicyOutcome.TIMED_OUT,
                holders.size());
        String headline = cause == null && settings.policy() == DropPolicy.FAIL ? "was not run"
                : "was not run: its locks were not free within " + BlockerReport.duration(settings.lockWait());
        if (cause != null) {
            headline += inspection.afterTimeout();
        }
        Duration waited = elapsed();
        String report = BlockerReport.render(sql(), headline, holders, settings.policy(), waited, Instant.now(),
                guard.sessionWord(), note());
        if (settings.logRefusals()) {
            // said here as well as thrown: the framework that ran the statement may swallow the exception
            LOG.warn("{}: {}", name, report);
        }
        return new DropBlockedException(report, elements.get(0), holders, settings.policy(), waited, cause);
    }

    private String sql() {
        return elements.size() == 1 ? elements.get(0).sql()
                : String.join("; ", elements.stream().map(DdlElement::sql).toList());
    }
}
