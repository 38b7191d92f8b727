package io.ddlguard.internal.dispatch;

import io.ddlguard.DdlListenerException;
import io.ddlguard.DdlVetoException;
import io.ddlguard.DropBlockedException;
import io.ddlguard.dialect.DialectDetector;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.UnitOfWork;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.Registration;
import io.ddlguard.event.Target;
import io.ddlguard.internal.guard.ConnectionRegistry;
import io.ddlguard.internal.guard.GuardSettings;
import io.ddlguard.internal.guard.GuardedStatement;
import io.ddlguard.internal.guard.LockGuard;
import io.ddlguard.internal.guard.LockGuards;
import io.ddlguard.internal.jdbc.ConnectionRecord;
import io.ddlguard.internal.jdbc.DdlConnection;
import io.ddlguard.internal.jdbc.JdbcCall;
import io.ddlguard.internal.jdbc.JdbcMethod;
import io.ddlguard.internal.jdbc.ListenerScope;
import io.ddlguard.internal.jdbc.StatementRouter;
import io.ddlguard.internal.metrics.GuardMetrics;
import io.ddlguard.internal.metrics.GuardMetrics.ListenerOutcome;
import io.ddlguard.internal.metrics.GuardMetrics.StatementOutcome;
import io.ddlguard.internal.parser.ParsedText;
import io.ddlguard.internal.parser.SessionReading;
import io.ddlguard.internal.parser.StatementParser;
import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fires DDL events and guards the DDL of one wrapped data source: parses the text, checks that no other
 * session holds locks it needs ({@link LockGuard}, which may refuse it), runs the before-listeners (a throw
 * vetoes), runs the statement within the guard's lock-wait budget, runs the after-listeners. DDL that listeners
 * run on the connection they are given is guarded but fires no events. The dialect is learned from the first
 * connection unless configured. Thread-safe.
 */
public final class EventDispatcher implements StatementRouter {

    private static final Log LOG = Log.of(EventDispatcher.class);

    private volatile String name;
    /** The name to take once it is known, as a pool's name is once the pool starts; null when it is known. */
    private volatile Supplier<String> laterName;
    private final DdlEvents events;
    private final Object owner;
    private final GuardSettings settings;
    private final ConnectionRegistry registry;
    private final StatementRouter listenerRouter = new ListenerRouter();
    /** How long a listener may run before the watchdog cancels it; null for no limit. */
    private final Duration listenerTimeout;
    private volatile DialectRules rules;
    /** The lock guard for the dialect, set together with {@link #rules}. */
    private volatile LockGuard guard;

    /**
     * @param name    the data source's name, for log messages
     * @param events  the listeners
     * @param dialect the dialect, or null to detect it from the first connection
     * @param owner   the guard this dispatcher belongs to
     * @param settings the lock guard's policy and budgets
     * @param registry the connections handed out by every data source of the owner
     * @param listenerTimeout how long one listener may run, or null for no limit
     */
    public EventDispatcher(String name, DdlEvents events, Dialect dialect, Object owner, GuardSettings settings,
                           ConnectionRegistry registry, Duration listenerTimeout) {
        this.name = name;
        this.listenerTimeout = listenerTimeout;
        this.events = events;
        this.owner = owner;
        this.settings = settings;
        this.registry = registry;
        if (dialect != null) {
            learn(DialectRules.of(dialect));
        }
    }

    /** The guard this dispatcher belongs to. */
    public Object owner() {
        return owner;
    }

    /** The data source's name, which log messages start with. */
    public String name() {
        return name;
    }

    /** The dialect, once known. */
    public Dialect dialect() {
        DialectRules r = rules;
        return r == null ? null : r.dialect();
    }

    /**
     * Takes the name {@code later} gives, once it gives one (not null), instead of the name given at construction:
     * for a pool that names itself only when it starts.
     */
    public void nameWhenKnown(Supplier<String> later) {
        this.laterName = later;
    }

    @Override
    public DdlConnection connect(Connection raw) throws SQLException {
        Supplier<String> later = laterName;
        if (later != null) {
            String known = later.get();
            if (known != null) {
                name = known;
                laterName = null;
                if (rules != null) {
                    learn(rules); // the guard logs under the new name too
                }
            }
        }
        rules(raw);
        ConnectionRecord record = guard.track(raw, name);
        return new DdlConnection(raw, this, record);
    }

    @Override
    public boolean mayBeDdl(String sql) {
        DialectRules r = rules;
        return sql != null && (r == null || StatementParser.mayBeDdl(sql, r));
    }

    @Override
    public <T> T execute(DdlConnection connection, JdbcMethod method, String sql, JdbcCall<T> call)
            throws SQLException {
        return run(connection, read(connection, method, sql), call, true, null);
    }

    /**
     * How many statements of a text the driver runs through {@code method}: sqlite-jdbc compiles only the
     * first statement for {@code execute}, {@code executeQuery} and prepared statements (the rest of the text
     * is silently ignored), and runs them all only for {@code executeUpdate}.
     */
    private static int statementsRun(Dialect dialect, JdbcMethod method) {
        return DialectRules.of(dialect).runsFirstStatementOnly() && method != JdbcMethod.EXECUTE_UPDATE ? 1
                : Integer.MAX_VALUE;
    }

    @Override
    public <T> T executeBatch(DdlConnection connection, List<String> sqls, JdbcCall<T> call) throws SQLException {
        return run(connection, read(connection, sqls), call, false, null);
    }

    /** What the statements the driver will run of {@code sql} hold for listeners and the guard. */
    private ParsedText read(DdlConnection connection, JdbcMethod method, String sql) throws SQLException {
        DialectRules r = rules(connection.delegate());
        return SessionReading.read(connection.delegate(), sql, r, statementsRun(r.dialect(), method));
    }

    /** What every text of a batch holds, in order. */
    private ParsedText read(DdlConnection connection, List<String> sqls) throws SQLException {
        DialectRules r = rules(connection.delegate());
        List<DdlElement> elements = new ArrayList<>();
        List<DdlElement> guarded = new ArrayList<>();
        for (String sql : sqls) {
            ParsedText text = SessionReading.read(connection.delegate(), sql, r, Integer.MAX_VALUE);
            elements.addAll(text.elements());
            guarded.addAll(text.guarded());
        }
        return new ParsedText(elements, guarded);
    }

    /** The dialect of {@code connection}'s database (learned from it if not yet known). */
    public Dialect dialectOf(DdlConnection connection) throws SQLException {
        return rules(connection.delegate()).dialect();
    }

    /** The rules, detected from {@code raw}'s metadata the first time they are needed. */
    private DialectRules rules(Connection raw) throws SQLException {
        DialectRules r = rules;
        if (r == null) {
            Dialect detected = DialectDetector.fromMetaData(raw.getMetaData());
            r = learn(DialectRules.of(detected));
            LOG.debug("{}: dialect {}", name, detected);
        }
        return r;
    }

    private DialectRules learn(DialectRules r) {
        guard = LockGuards.forDialect(name, r, settings, registry);
        rules = r;
        return r;
    }

    /**
     * {@link #dispatch}, measured when metrics are on.
     *
     * @param unit the createAll/dropAll run the statement belongs to, or null
     */
    private <T> T run(DdlConnection connection, ParsedText text, JdbcCall<T> call, boolean retryable,
                      UnitScope unit) throws SQLException {
        GuardMetrics metrics = settings.metrics();
        List<DdlElement> elements = text.elements();
        if (metrics == GuardMetrics.NONE || elements.isEmpty()) {
            return dispatch(connection, text, call, retryable, unit);
        }
        long start = metrics.start();
        StatementOutcome outcome = StatementOutcome.ERROR;
        try {
            T result = dispatch(connection, text, call, retryable, unit);
            outcome = StatementOutcome.SUCCESS;
            return result;
        } catch (DdlVetoException e) {
            outcome = StatementOutcome.VETOED;
            throw e;
        } catch (DropBlockedException e) {
            outcome = StatementOutcome.BLOCKED;
            throw e;
        } finally {
            metrics.statements(elements, dialect(), outcome, start);
        }
    }

    /**
     * @param retryable whether {@code call} may run again after a lock timeout (not for batches: the driver
     *     empties a batch whatever the outcome)
     * @param unit the createAll/dropAll run the statement belongs to, or null
     */
    private <T> T dispatch(DdlConnection connection, ParsedText text, JdbcCall<T> call, boolean retryable,
                           UnitScope unit) throws SQLException {
        LockGuard g = guard;
        List<DdlElement> elements = text.elements();
        if (text.isEmpty() || events.isEmpty() && g == LockGuard.NONE) {
            return call.call();
        }
        GuardedStatement guarded = g.check(connection.delegate(), text.guarded());
        if (events.isEmpty() || elements.isEmpty()) {
            return guarded.execute(connection.delegate(), call, retryable);
        }
        guarded.beforeOtherStatements(connection.delegate());
        Dialect dialect = rules.dialect();
        DdlConnection listenerConnection = connection.forListener(listenerRouter, ListenerScope.UNTIMED);
        for (DdlElement element : elements) {
            fireBefore(element, listenerConnection, dialect, unit);
        }
        T result = guarded.execute(connection.delegate(), call, retryable);
        DdlListenerException failure = null;
        for (DdlElement element : elements) {
            failure = fireAfter(element, listenerConnection, dialect, result, failure, unit);
        }
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private void fireBefore(DdlElement element, DdlConnection connection, Dialect dialect, UnitScope unit)
            throws SQLException {
        DdlEvent event = DdlEvent.before(element.action());
        for (Target subject : Subject.of(element)) {
            for (Registration registration : events.registrations()) {
                if (hears(registration, event, subject, dialect)) {
                    long start = settings.metrics().start();
                    try {
                        onEvent(registration.listener(), event, element, subject, connection, dialect, unit);
                        settings.metrics().listener(event, ListenerOutcome.SUCCESS, start);
                    } catch (Exception | Error e) {
                        settings.metrics().listener(event, ListenerOutcome.VETOED, start);
                        LOG.debug("{}: {} listener for {} vetoed {}", name, event, subject, element.sql(), e);
                        throw new DdlVetoException(element, event, subject, e);
                    }
                }
            }
        }
    }

    /** Runs every after-listener, whatever earlier ones did; returns the failure to report, if any. */
    private DdlListenerException fireAfter(DdlElement element, DdlConnection connection, Dialect dialect, Object result,
                                           DdlListenerException failure, UnitScope unit) {
        DdlEvent event = DdlEvent.after(element.action());
        for (Target subject : Subject.of(element)) {
            for (Registration registration : events.registrations()) {
                if (hears(registration, event, subject, dialect)) {
                    long start = settings.metrics().start();
                    try {
                        onEvent(registration.listener(), event, element, subject, connection, dialect, unit);
                        settings.metrics().listener(event, ListenerOutcome.SUCCESS, start);
                    } catch (Exception | Error e) {
                        settings.metrics().listener(event, ListenerOutcome.FAILED, start);
                        LOG.warn("{}: {} listener for {} failed after {}", name, event, subject, element.sql(), e);
                        if (failure == null) {
                            failure = new DdlListenerException(element, event, subject, result, e);
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
            }
        }
        return failure;
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
        DdlConnection watched = connection.forListener(listenerRouter, run);
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

    /** The createAll/dropAll run a statement belongs to: what its events' contexts report as tables and checkFirst. */
    private record UnitScope(List<QualifiedName> tables, boolean checkFirst) {
    }

    /**
     * A router for the statements of one createAll/dropAll run: guarded and heard like any statement through this
     * dispatcher, but the contexts of their events report the run's {@code tables} and {@code checkFirst}.
     */
    public StatementRouter forUnit(UnitOfWork unit) {
        return new UnitRouter(new UnitScope(unit.tables(), unit.checkFirst()));
    }

    /**
     * Fires the unit-level events of a createAll/dropAll run ({@code Target.unit()}) on {@code connection}: before
     * its first statement ({@code before}: a throwing listener vetoes the run with {@link DdlVetoException}) or
     * after its last (failing listeners are reported with {@link DdlListenerException}, after all have run).
     */
    public void fireUnit(DdlConnection connection, UnitOfWork unit, boolean before) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Dialect dialect = dialectOf(connection);
        DdlConnection listenerConnection = connection.forListener(listenerRouter, ListenerScope.UNTIMED);
        UnitScope scope = new UnitScope(unit.tables(), unit.checkFirst());
        if (before) {
            fireBefore(unit, listenerConnection, dialect, scope);
        } else {
            DdlListenerException failure = fireAfter(unit, listenerConnection, dialect, null, null, scope);
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** The records of the connections handed out by every data source of the owner and not yet closed. */
    public ConnectionRegistry registry() {
        return registry;
    }

    /** The lock guard in force, once the dialect is known. */
    public LockGuard guard() {
        return guard;
    }

    /** The router of a createAll/dropAll run's statements. */
    private final class UnitRouter implements StatementRouter {
        private final UnitScope unit;

        UnitRouter(UnitScope unit) {
            this.unit = unit;
        }

        @Override
        public boolean mayBeDdl(String sql) {
            return EventDispatcher.this.mayBeDdl(sql);
        }

        @Override
        public <T> T execute(DdlConnection connection, JdbcMethod method, String sql, JdbcCall<T> call)
                throws SQLException {
            return run(connection, read(connection, method, sql), call, true, unit);
        }

        @Override
        public <T> T executeBatch(DdlConnection connection, List<String> sqls, JdbcCall<T> call) throws SQLException {
            return run(connection, read(connection, sqls), call, false, unit);
        }

        @Override
        public String toString() {
            return "unit router of " + EventDispatcher.this;
        }
    }

    /** The router of the connection listeners receive: their DDL is guarded but fires no events. */
    private final class ListenerRouter implements StatementRouter {
        @Override
        public boolean mayBeDdl(String sql) {
            return guard != LockGuard.NONE && EventDispatcher.this.mayBeDdl(sql);
        }

        @Override
        public <T> T execute(DdlConnection connection, JdbcMethod method, String sql, JdbcCall<T> call)
                throws SQLException {
            return guard.check(connection.delegate(), read(connection, method, sql).guarded())
                    .execute(connection.delegate(), call, true);
        }

        @Override
        public <T> T executeBatch(DdlConnection connection, List<String> sqls, JdbcCall<T> call) throws SQLException {
            return guard.check(connection.delegate(), read(connection, sqls).guarded())
                    .execute(connection.delegate(), call, false);
        }

        @Override
        public String toString() {
            return "listener router of " + EventDispatcher.this;
        }
    }

    @Override
    public String toString() {
        return "EventDispatcher[" + name + ", " + dialect() + ", " + events + "]";
    }
}
