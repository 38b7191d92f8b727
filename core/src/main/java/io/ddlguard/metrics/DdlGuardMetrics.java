package io.ddlguard.metrics;

import io.ddlguard.DropPolicy;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.internal.metrics.GuardMetrics;
import io.ddlguard.internal.parser.StatementParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * ddlguard's meters, for Micrometer: give it to a guard with {@code DdlGuard.builder().metrics(metrics)} (or let
 * {@code meterRegistry(registry)} make one), and bind it to one or more registries. Meters are created when the
 * first DDL statement is measured, all under the prefix {@code ddlguard.}, with bounded tags only (never a table
 * name):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code ddlguard.statements}</td><td>timer</td>
 *       <td>{@code operation} (create, drop, alter), {@code object.type} (table, index, ...), {@code dialect},
 *       {@code outcome} (success, vetoed, blocked, error)</td></tr>
 *   <tr><td>{@code ddlguard.listener.executions}</td><td>timer</td>
 *       <td>{@code event} (before_create, ...), {@code outcome} (success, vetoed, failed)</td></tr>
 *   <tr><td>{@code ddlguard.guard.checks}</td><td>timer</td>
 *       <td>{@code outcome} (clear, proceeded, blocked, error)</td></tr>
 *   <tr><td>{@code ddlguard.blocked}</td><td>counter</td>
 *       <td>{@code policy} (fail, wait, terminate, log), {@code outcome} (refused, cleared, terminated, logged,
 *       timed_out)</td></tr>
 *   <tr><td>{@code ddlguard.guard.holders}</td><td>distribution summary</td><td>{@code policy}</td></tr>
 *   <tr><td>{@code ddlguard.parser.failures}</td><td>function counter, from binding on</td><td>none: it counts for
 *       the whole JVM, every guard's statements together</td></tr>
 * </table>
 *
 * <p>{@link #close()} removes every meter this binder created from every registry it was bound to, and stops
 * recording. Thread-safe. This class is the only one of ddlguard that needs {@code micrometer-core}; without it
 * on the class path, a guard built without metrics never loads it.
 */
public final class DdlGuardMetrics implements MeterBinder, AutoCloseable {

    /** The name of the statements timer. */
    public static final String STATEMENTS = "ddlguard.statements";
    /** The name of the listener timer. */
    public static final String LISTENER_EXECUTIONS = "ddlguard.listener.executions";
    /** The name of the guard check timer. */
    public static final String GUARD_CHECKS = "ddlguard.guard.checks";
    /** The name of the blocked-statement counter. */
    public static final String BLOCKED = "ddlguard.blocked";
    /** The name of the parser-failure counter: statements a reader failed on, read as unrecognized DDL. */
    public static final String PARSER_FAILURES = "ddlguard.parser.failures";
    /** The name of the holder-count distribution. */
    public static final String GUARD_HOLDERS = "ddlguard.guard.holders";

    private final Tags tags;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    /** The meters created in each registry, so that {@link #close()} can remove them. */
    private final Map<MeterRegistry, Set<Meter.Id>> created = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder();
    private volatile boolean closed;

    /** Meters with no tags beyond their own. */
    public DdlGuardMetrics() {
        this(Tags.empty());
    }

    /** Meters that also carry {@code tags} (such as the application's name). */
    public DdlGuardMetrics(Iterable<Tag> tags) {
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /** Starts recording into {@code registry} as well; binding the same registry twice has no further effect. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("DdlGuardMetrics is closed");
        }
        if (!registries.contains(registry)) {
            registries.add(registry);
            remember(registry, FunctionCounter.builder(PARSER_FAILURES, StatementParser.class,
                            type -> StatementParser.readerFailures())
                    .description("Statements whose reading failed inside the parser (a ddlguard bug), in this JVM;"
                            + " each was read as unrecognized DDL and still guarded")
                    .tags(tags)
                    .register(registry));
        }
    }

    /** Stops recording and removes every meter this binder created from the registries it was bound to. */
    @Override
    public void close() {
        closed = true;
        for (MeterRegistry registry : registries) {
            Set<Meter.Id> ids = created.remove(registry);
            if (ids != null) {
                ids.forEach(registry::remove);
            }
        }
        registries.clear();
    }

    /**
     * ddlguard's internal hook: what a guard built with this binder reports to. Not for application code; its
     * type may change in any release.
     */
    public GuardMetrics recorder() {
        return recorder;
    }

    @Override
    public String toString() {
        return "DdlGuardMetrics[" + registries.size() + " registries" + (closed ? ", closed" : "") + "]";
    }

    private <M extends Meter> M remember(MeterRegistry registry, M meter) {
        created.computeIfAbsent(registry, r -> ConcurrentHashMap.newKeySet()).add(meter.getId());
        return meter;
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Turns what the dispatcher and the guards report into meters in every bound registry. */
    private final class Recorder implements GuardMetrics {
        @Override
        public long start() {
            return System.nanoTime();
        }

        @Override
        public void statements(List<DdlElement> elements, Dialect dialect, StatementOutcome outcome, long start) {
            long nanos = System.nanoTime() - start;
            for (MeterRegistry registry : registries) {
                for (DdlElement element : elements) {
                    remember(registry, Timer.builder(STATEMENTS)
                            .description("DDL statements intercepted: listeners, guard and execution together")
                            .tags(tags)
                            .tag("operation", tag(element.action()))
                            .tag("object.type", tag(element.objectKind()))
                            .tag("dialect", dialect == null ? "unknown" : dialect.name())
                            .tag("outcome", tag(outcome))
                            .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
                }
            }
        }

        @Override
        public void listener(DdlEvent event, ListenerOutcome outcome, long start) {
            long nanos = System.nanoTime() - start;
            for (MeterRegistry registry : registries) {
                remember(registry, Timer.builder(LISTENER_EXECUTIONS)
                        .description("DDL listener executions")
                        .tags(tags)
                        .tag("event", tag(event))
                        .tag("outcome", tag(outcome))
                        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void guardCheck(CheckOutcome outcome, long start) {
            long nanos = System.nanoTime() - start;
            for (MeterRegistry registry : registries) {
                remember(registry, Timer.builder(GUARD_CHECKS)
                        .description("Lock checks before a guarded DDL statement, waiting under the policy included")
                        .tags(tags)
                        .tag("outcome", tag(outcome))
                        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void blocked(DropPolicy policy, PolicyOutcome outcome, int holders) {
            for (MeterRegistry registry : registries) {
                remember(registry, Counter.builder(BLOCKED)
                        .description("Times a DDL statement found other sessions holding or awaiting its locks,"
                                + " by what the policy then did")
                        .tags(tags)
                        .tag("policy", tag(policy))
                        .tag("outcome", tag(outcome))
                        .register(registry)).increment();
                remember(registry, DistributionSummary.builder(GUARD_HOLDERS)
                        .description("Sessions found holding or awaiting a blocked DDL statement's locks")
                        .baseUnit("sessions")
                        .tags(tags)
                        .tag("policy", tag(policy))
                        .register(registry)).record(holders);
            }
        }

        @Override
        public String toString() {
            return DdlGuardMetrics.this.toString();
        }
    }
}
