package io.ddlguard.internal.dispatch;

import io.ddlguard.DdlListenerException;
import io.ddlguard.DdlVetoException;
import io.ddlguard.DropBlockedException;
import io.ddlguard.dialect.DialectDetector;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.UnitOfWork;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.internal.guard.ConnectionRegistry;
import io.ddlguard.internal.guard.GuardSettings;
import io.ddlguard.internal.guard.GuardedStatement;
import io.ddlguard.internal.guard.LockGuard;
import io.ddlguard.internal.guard.LockGuards;
import io.ddlguard.internal.jdbc.ConnectionRecord;
import io.ddlguard.internal.jdbc.DdlConnection;
import io.ddlguard.internal.jdbc.JdbcCall;
import io.ddlguard.internal.jdbc.JdbcMethod;
import io.ddlguard.internal.jdbc.StatementRouter;
import io.ddlguard.internal.metrics.GuardMetrics;
import io.ddlguard.internal.metrics.GuardMetrics.StatementOutcome;
import io.ddlguard.internal.dispatch.Listeners.UnitScope;
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
 * Fires DDL events and guards the DDL of one wrapped data source, in one pass per statement text: classify (the
 * parser, as the session reads the text), plan and check (the {@link LockGuard}: it may refuse), the before-listeners
 * (a throw vetoes), the bounded run (the guard's {@link GuardedStatement}), the after-listeners. Each stage runs once
 * and calls no earlier one. DDL that listeners run on the connection they are given is guarded but fires no events.
 * The dialect is learned from the first connection unless configured. Thread-safe.
 */
public final class EventDispatcher implements StatementRouter {

    private static final Log LOG = Log.of(EventDispatcher.class);

    private volatile String name;
    /** The name to take once it is known, as a pool's name is once the pool starts; null when it is known. */
    private volatile Supplier<String> laterName;
    private final Object owner;
    private final GuardSettings settings;
    private final ConnectionRegistry registry;
    private final Listeners listeners;
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
        this.listeners = new Listeners(events, listenerTimeout, settings::metrics, this::name, new ListenerRouter());
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
     * The pass of one statement text the wrappers handed over, once classified ({@code text}): plan and check, the
     * before-listeners, the bounded run, the after-listeners; measured when metrics are on.
     *
     * @param retryable whether {@code call} may run again after a lock timeout (not for batches: the driver
     *     empties a batch whatever the outcome)
     * @param unit the createAll/dropAll run the statement belongs to, or null
     */
    private <T> T run(DdlConnection connection, ParsedText text, JdbcCall<T> call, boolean retryable,
                      UnitScope unit) throws SQLException {
        LockGuard g = guard;
        List<DdlElement> elements = text.elements();
        boolean heard = !elements.isEmpty() && !listeners.isEmpty();
        GuardMetrics metrics = elements.isEmpty() ? GuardMetrics.NONE : settings.metrics();
        if (text.isEmpty() || !heard && g == LockGuard.NONE && metrics == GuardMetrics.NONE) {
            return call.call();
        }
        Dialect dialect = rules.dialect();
        long start = metrics.start();
        StatementOutcome outcome = StatementOutcome.ERROR;
        try {
            boolean before = heard && listeners.hearBefore(elements, dialect);
            GuardedStatement guarded = g.check(connection.delegate(), text.guarded(), !before);
            DdlConnection listenerConnection = heard ? listeners.connectionFor(connection) : null;
            if (before) {
                for (DdlElement element : elements) {
                    listeners.before(element, listenerConnection, dialect, unit);
                }
            }
            T result = guarded.execute(connection.delegate(), call, retryable);
            if (heard) {
                DdlListenerException failure = null;
                for (DdlElement element : elements) {
                    failure = listeners.after(element, listenerConnection, dialect, result, failure, unit);
                }
                if (failure != null) {
                    throw failure;
                }
            }
            outcome = StatementOutcome.SUCCESS;
            return result;
        } catch (DdlVetoException e) {
            outcome = StatementOutcome.VETOED;
            throw e;
        } catch (DropBlockedException e) {
            outcome = StatementOutcome.BLOCKED;
            throw e;
        } finally {
            if (metrics != GuardMetrics.NONE) {
                metrics.statements(elements, dialect, outcome, start);
            }
        }
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
        if (listeners.isEmpty()) {
            return;
        }
        Dialect dialect = dialectOf(connection);
        DdlConnection listenerConnection = listeners.connectionFor(connection);
        UnitScope scope = new UnitScope(unit.tables(), unit.checkFirst());
        if (before) {
            listeners.before(unit, listenerConnection, dialect, scope);
        } else {
            DdlListenerException failure = listeners.after(unit, listenerConnection, dialect, null, null, scope);
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
            return guard.check(connection.delegate(), read(connection, method, sql).guarded(), true)
                    .execute(connection.delegate(), call, true);
        }

        @Override
        public <T> T executeBatch(DdlConnection connection, List<String> sqls, JdbcCall<T> call) throws SQLException {
            return guard.check(connection.delegate(), read(connection, sqls).guarded(), true)
                    .execute(connection.delegate(), call, false);
        }

        @Override
        public String toString() {
            return "listener router of " + EventDispatcher.this;
        }
    }

    @Override
    public String toString() {
        return "EventDispatcher[" + name + ", " + dialect() + ", " + listeners + "]";
    }
}
