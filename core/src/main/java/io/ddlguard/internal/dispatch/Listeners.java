package io.ddlguard.internal.dispatch;

import io.ddlguard.DdlListenerException;
import io.ddlguard.DdlVetoException;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.Registration;
import io.ddlguard.event.Target;
import io.ddlguard.internal.jdbc.DdlConnection;
import io.ddlguard.internal.jdbc.ListenerScope;
import io.ddlguard.internal.jdbc.StatementRouter;
import io.ddlguard.internal.log.Log;
import io.ddlguard.internal.metrics.GuardMetrics;
import io.ddlguard.internal.metrics.GuardMetrics.ListenerOutcome;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the listeners of one data source for an element: those that hear the event for one of its subjects, in
 * registration order, on the caller's thread and connection, each within the listener timeout. A before-listener
 * that throws vetoes the statement; after-listeners all run, and their failures are reported together. Thread-safe.
 */
final class Listeners {

    private static final Log LOG = Log.of(EventDispatcher.class);

    private final DdlEvents events;
    /** How long a listener may run before the watchdog cancels it; null for no limit. */
    private final Duration listenerTimeout;
    private final Supplier<GuardMetrics> metrics;
    /** The data source's name, which log messages start with. */
    private final Supplier<String> name;
    /** The router of the connections listeners are given: their DDL is guarded but fires no events. */
    private final StatementRouter router;

    Listeners(DdlEvents events, Duration listenerTimeout, Supplier<GuardMetrics> metrics, Supplier<String> name,
              StatementRouter router) {
        this.events = events;
        this.router = router;
        this.listenerTimeout = listenerTimeout;
        this.metrics = metrics;
        this.name = name;
    }

    /**
     * The createAll/dropAll run a statement belongs to: what its events' contexts report as tables and checkFirst.
     */
    record UnitScope(List<QualifiedName> tables, boolean checkFirst) {
    }

    /** Whether no listener is registered at all. */
    boolean isEmpty() {
        return events.isEmpty();
    }

    /** Whether a before-listener hears one of {@code elements}: then listeners run between the check and the run. */
    boolean hearBefore(List<DdlElement> elements, Dialect dialect) {
        for (DdlElement element : elements) {
            DdlEvent event = DdlEvent.before(element.action());
            for (Target subject : Subject.of(element)) {
                for (Registration registration : events.registrations()) {
                    if (hears(registration, event, subject, dialect)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The connection listeners of a statement on {@code connection} are given. */
    DdlConnection connectionFor(DdlConnection connection) {
        return connection.forListener(router, ListenerScope.UNTIMED);
    }

    /**
     * Runs the before-listeners of {@code element} on {@code connection}, one from {@link #connectionFor}; the first
     * that throws vetoes it.
     *
     * @param unit the createAll/dropAll run the statement belongs to, or null
     */
    void before(DdlElement element, DdlConnection connection, Dialect dialect, UnitScope unit)
            throws DdlVetoException {
        DdlEvent event = DdlEvent.before(element.action());
        List<Failure> failures = fire(event, element, connection, dialect, unit);
        if (!failures.isEmpty()) {
            Failure veto = failures.get(0);
            LOG.debug("{}: {} listener for {} vetoed {}", name.get(), event, veto.subject(), element.sql(),
                    veto.cause());
            throw new DdlVetoException(element, event, veto.subject(), veto.cause());
        }
    }

    /**
     * Runs every after-listener of {@code element}, whatever earlier ones did; returns the failure to report, if
     * any: {@code failure} (an earlier element's), with this element's failures added.
     */
    DdlListenerException after(DdlElement element, DdlConnection connection, Dialect dialect, Object result,
                               DdlListenerException failure, UnitScope unit) {
        DdlEvent event = DdlEvent.after(element.action());
        for (Failure f : fire(event, element, connection, dialect, unit)) {
            LOG.warn("{}: {} listener for {} failed after {}", name.get(), event, f.subject(), element.sql(),
                    f.cause());
            if (failure == null) {
                failure = new DdlListenerException(element, event, f.subject(), result, f.cause());
            } else {
                failure.addSuppressed(f.cause());
            }
        }
        return failure;
    }

    /** A listener that threw, and the subject it heard. */
    private record Failure(Target subject, Throwable cause) {
    }

    /**
     * Runs the listeners of {@code event} for each subject of {@code element}, counting each outcome; returns those
     * that threw, in order. A before-event stops at the first: it vetoes the statement.
     */
    private List<Failure> fire(DdlEvent event, DdlElement element, DdlConnection connection, Dialect dialect,
                               UnitScope unit) {
        List<Failure> failures = List.of();
        for (Target subject : Subject.of(element)) {
            for (Registration registration : events.registrations()) {
                if (!hears(registration, event, subject, dialect)) {
                    continue;
                }
                GuardMetrics m = metrics.get();
                long start = m.start();
                try {
                    onEvent(registration.listener(), event, element, subject, connection, dialect, unit);
                    m.listener(event, ListenerOutcome.SUCCESS, start);
                } catch (Exception | Error e) {
                    m.listener(event, event.isBefore() ? ListenerOutcome.VETOED : ListenerOutcome.FAILED, start);
                    if (failures.isEmpty()) {
                        failures = new ArrayList<>(1);
                    }
                    failures.add(new Failure(subject, e));
                    if (event.isBefore()) {
                        return failures;
                    }
                }
            }
        }
        return failures;
    }

    /**
     * Runs {@code listener} on this thread; with a listener timeout, on a connection the watchdog can cancel the
     * statements of, and fails with {@link io.ddlguard.DdlGuardState#LISTENER_TIMED_OUT} when the time ran out.
     */
    private void onEvent(DdlListener listener, DdlEvent event, DdlElement element, Target subject,
                         DdlConnection connection, Dialect dialect, UnitScope unit) throws Exception {
        if (listenerTimeout == null) {
            listener.onEvent(context(event, element, subject, connection, dialect, unit));
            return;
        }
        ListenerWatchdog.TimedRun run = ListenerWatchdog.start(listenerTimeout);
        DdlConnection watched = connection.forListener(router, run);
        try {
            listener.onEvent(context(event, element, subject, watched, dialect, unit));
        } catch (Exception | Error e) {
            if (run.finish()) {
                throw run.timedOut(e);
            }
            throw e;
        }
        if (run.finish()) {
            throw run.timedOut(null);
        }
    }

    private static boolean hears(Registration registration, DdlEvent event, Target subject, Dialect dialect) {
        return registration.event() == event && registration.target().matches(subject, dialect);
    }

    private static EventContext context(DdlEvent event, DdlElement element, Target subject, Connection connection,
                                        Dialect dialect, UnitScope unit) {
        return unit == null
                ? new EventContext(event, element, subject, connection, dialect, Subject.tables(element), false)
                : new EventContext(event, element, subject, connection, dialect, unit.tables(), unit.checkFirst());
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
