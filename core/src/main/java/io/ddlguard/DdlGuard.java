package io.ddlguard;

import io.ddlguard.dialect.DialectDetector;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.internal.dispatch.DispatcherCache;
import io.ddlguard.internal.dispatch.EventDispatcher;
import io.ddlguard.internal.guard.ConnectionRegistry;
import io.ddlguard.internal.guard.GuardSettings;
import io.ddlguard.internal.guard.LockGuard;
import io.ddlguard.internal.guard.LockGuards;
import io.ddlguard.internal.guard.PolicyGuard;
import io.ddlguard.internal.jdbc.DdlConnection;
import io.ddlguard.internal.jdbc.DdlDataSource;
import io.ddlguard.internal.jdbc.PoolName;
import io.ddlguard.internal.jdbc.StatementRouter;
import io.ddlguard.internal.metrics.GuardMetrics;
import io.ddlguard.metrics.DdlGuardMetrics;
import io.ddlguard.internal.parser.StatementParser;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Wrapper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * ddlguard's entry point: wraps a {@link DataSource} so that every DDL statement through it fires the
 * listeners of its {@link DdlEvents}, and so that on PostgreSQL no DDL statement ever waits unboundedly for
 * locks other sessions hold. Built by {@link #builder()}; immutable and thread-safe.
 *
 * <pre>{@code
 * DdlEvents events = new DdlEvents();
 * events.listen(Target.table("users"), DdlEvent.AFTER_CREATE, ctx -> ...);
 * DataSource ds = DdlGuard.builder()
 *         .events(events)
 *         .dropPolicy(DropPolicy.FAIL)
 *         .lockWait(Duration.ofSeconds(5))
 *         .build()
 *         .wrap(hikariDataSource);
 * }</pre>
 *
 * <p>One guard tracks every connection its data sources hand out (server pid, where it was borrowed, open result
 * sets) so that a {@link DropBlockedException} can name this application's own blocking connections, and so that
 * {@link DropPolicy#TERMINATE} ends only those.
 */
public final class DdlGuard {

    /** The default of {@link Builder#lockWait}. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(5);
    /** The default of {@link Builder#attemptTimeout}. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMillis(100);

    private final DdlEvents events;
    private final Dialect dialect;
    private final String name;
    private final GuardSettings settings;
    private final ConnectionRegistry registry;
    /** The dispatchers of the sources whose connections {@link #wrapConnection} wrapped. */
    private final DispatcherCache sources = new DispatcherCache();
    private final Duration listenerTimeout;

    private DdlGuard(Builder builder) {
        this.listenerTimeout = builder.listenerTimeout;
        this.events = builder.events;
        this.dialect = builder.dialect;
        this.name = builder.name;
        this.settings = new GuardSettings(builder.policy, builder.lockWait, builder.attemptTimeout, builder.metrics,
                builder.poolMode, builder.logRefusals);
        this.registry = new ConnectionRegistry(builder.captureStackTraces);
    }

    /**
     * A builder with no listeners, the dialect detected per data source, policy {@link DropPolicy#FAIL},
     * {@link #DEFAULT_LOCK_WAIT}, {@link #DEFAULT_ATTEMPT_TIMEOUT}, and borrow stacks captured.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code dataSource}, wrapped: its connections, statements and metadata are ddlguard's, everything else is
     * the original's ({@code unwrap} reaches it and anything it wraps). The dialect is detected once, from the
     * first connection. A data source this guard already wrapped is returned unchanged, and so is one that delegates
     * to such a data source (Spring's {@code TransactionAwareDataSourceProxy} or {@code LazyConnectionDataSourceProxy}
     * over a wrapped pool, found through {@code isWrapperFor}), so that no event fires twice and no statement is
     * checked twice.
     *
     * <p>Log messages and the guard's records of the connections it hands out name the data source by the guard's
     * {@link Builder#name name}, else by the pool's own name (HikariCP's {@code poolName}, also when HikariCP
     * generates it as the pool starts), else by its class.
     */
    public DataSource wrap(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (isOwn(dataSource, DdlDataSource.class, DdlDataSource::router)) {
            return dataSource;
        }
        return new DdlDataSource(dataSource, dispatcher(dataSource));
    }

    /**
     * Whether {@code candidate} is a {@code type} this guard made, or delegates to one at any depth, as JDBC's
     * {@code isWrapperFor} tells: a pool's proxy around a connection this guard wrapped, or Spring's
     * {@code TransactionAwareDataSourceProxy}, {@code LazyConnectionDataSourceProxy} and an
     * {@code AbstractRoutingDataSource} whose current target is a data source it wrapped. One that cannot tell is
     * taken to wrap nothing of ours.
     */
    private <W extends Wrapper> boolean isOwn(Wrapper candidate, Class<W> type, Function<W, StatementRouter> router) {
        W wrapped;
        if (type.isInstance(candidate)) {
            wrapped = type.cast(candidate);
        } else {
            try {
                wrapped = candidate.isWrapperFor(type) ? candidate.unwrap(type) : null;
            } catch (SQLException | RuntimeException e) {
                wrapped = null;
            }
        }
        return wrapped != null && router.apply(wrapped) instanceof EventDispatcher d && d.owner() == this;
    }

    /**
     * {@code connection}, wrapped as {@link #wrap} wraps the connections of a data source, for code that sees a
     * connection but does not own the data source or driver that made it: the Java agent, which intercepts
     * {@code DataSource.getConnection} and {@code Driver.connect} in applications it cannot change. Connections
     * from one {@code source} share what a wrapped data source shares: the dialect, detected once, and the name
     * log messages and reports use (as for {@link #wrap}). Sources are held weakly and told apart by identity.
     *
     * <p>A connection this guard already wrapped, or one that wraps such a connection (a pool's proxy around a
     * connection this guard wrapped when the pool opened it), is returned unchanged, so that no DDL is heard twice.
     * Unlike {@link #wrap}, a failure leaves {@code connection} open: the caller decides what to do with it.
     *
     * @param connection the connection {@code source} just handed out
     * @param source     the data source or driver it came from
     * @throws SQLException when the connection cannot tell its database (its metadata fails)
     */
    public Connection wrapConnection(Connection connection, Object source) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(source, "source");
        if (isOwn(connection, DdlConnection.class, DdlConnection::router)) {
            return connection;
        }
        return sources.get(source, this::dispatcher).connect(connection);
    }


    /** A dispatcher for {@code source}'s connections, named as {@link #wrap} documents. */
    private EventDispatcher dispatcher(Object source) {
        DataSource dataSource = source instanceof DataSource ds ? ds : null;
        String pool = name == null && dataSource != null ? PoolName.of(dataSource) : null;
        String label = name != null ? name : pool != null ? pool : source.getClass().getSimpleName();
        EventDispatcher dispatcher = new EventDispatcher(label, events, dialect, this, settings, registry,
                listenerTimeout);
        if (name == null && pool == null && dataSource != null && PoolName.isNamedPool(dataSource)) {
            dispatcher.nameWhenKnown(() -> PoolName.of(dataSource));
        }
        return dispatcher;
    }

    /**
     * Who would block {@code sql} on {@code connection}'s database right now: the sessions (and, on PostgreSQL,
     * prepared transactions) holding or awaiting locks that conflict with the locks the statements of {@code sql}
     * would take, as a {@link DropBlockedException} would report them. Reads the engine's lock views only: runs
     * nothing of {@code sql} and enters no lock queue. Connections this guard handed out are named with their
     * origin. On MariaDB and MySQL without {@code performance_schema}'s metadata-lock instrument the list is
     * approximate: every other session in a transaction or running a statement.
     *
     * @throws SQLFeatureNotSupportedException when the database is not PostgreSQL, MariaDB, MySQL or H2 (SQLite
     *                                         shows no one who holds its lock)
     */
    public List<LockHolder> blockers(Connection connection, String sql) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(sql, "sql");
        Dialect d = dialect != null ? dialect : DialectDetector.fromMetaData(connection.getMetaData());
        DialectRules rules = DialectRules.of(d);
        LockGuard guard = rules.showsLockHolders()
                ? LockGuards.forDialect(name == null ? "blockers" : name, rules, settings, registry) : LockGuard.NONE;
        if (!(guard instanceof PolicyGuard inspecting)) {
            throw new SQLFeatureNotSupportedException(
                    "ddlguard inspects locks on PostgreSQL, MariaDB, MySQL and H2, not " + d);
        }
        return inspecting.blockers(connection, StatementParser.guarded(sql, d));
    }

    /** The listeners this guard fires. */
    public DdlEvents events() {
        return events;
    }

    /** What the guard does when other sessions hold locks a DDL statement needs. */
    public DropPolicy dropPolicy() {
        return settings.policy();
    }

    /** The most a guarded statement waits for its locks, checks and attempts together. */
    public Duration lockWait() {
        return settings.lockWait();
    }

    /** The lock timeout of each attempt. */
    public Duration attemptTimeout() {
        return settings.attemptTimeout();
    }

    /** How a detected pooler in front of PostgreSQL is taken to hand out server sessions. */
    public PoolMode poolMode() {
        return settings.poolMode();
    }

    /** Whether each refusal is also logged at WARN with its report ({@link Builder#logRefusals}). */
    public boolean logRefusals() {
        return settings.logRefusals();
    }

    /** The longest one listener may run, when a limit was set. */
    public Optional<Duration> listenerTimeout() {
        return Optional.ofNullable(listenerTimeout);
    }

    /** The configured dialect, when one was given instead of detection. */
    public Optional<Dialect> dialect() {
        return Optional.ofNullable(dialect);
    }

    @Override
    public String toString() {
        return "DdlGuard[" + (name == null ? "" : name + ", ") + settings.policy() + ", lockWait " + settings.lockWait()
                + ", " + events + "]";
    }

    /** Builds a {@link DdlGuard}. Immutable: every method returns a new builder. */
    public static final class Builder {
        private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
        private static final String DDL_GUARD_METRICS = "io.ddlguard.metrics.DdlGuardMetrics";

        // Set only on a fresh copy, before it is returned: every method leaves this builder as it was.
        private DdlEvents events = new DdlEvents();
        private Dialect dialect;
        private String name;
        private DropPolicy policy = DropPolicy.FAIL;
        private Duration lockWait = DEFAULT_LOCK_WAIT;
        private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
        private boolean captureStackTraces = true;
        private GuardMetrics metrics = GuardMetrics.NONE;
        /** Null: listeners run as long as they take. */
        private Duration listenerTimeout;
        private PoolMode poolMode = PoolMode.TRANSACTION;
        private boolean logRefusals = true;

        private Builder() {
        }

        /** A new builder with this one's settings. */
        private Builder copy() {
            Builder b = new Builder();
            b.events = events;
            b.dialect = dialect;
            b.name = name;
            b.policy = policy;
            b.lockWait = lockWait;
            b.attemptTimeout = attemptTimeout;
            b.captureStackTraces = captureStackTraces;
            b.metrics = metrics;
            b.listenerTimeout = listenerTimeout;
            b.poolMode = poolMode;
            b.logRefusals = logRefusals;
            return b;
        }

        /** The listeners to fire. */
        public Builder events(DdlEvents events) {
            Builder b = copy();
            b.events = Objects.requireNonNull(events, "events");
            return b;
        }

        /** The dialect of every data source this guard wraps, instead of detecting it from the first connection. */
        public Builder dialect(Dialect dialect) {
            Builder b = copy();
            b.dialect = Objects.requireNonNull(dialect, "dialect");
            return b;
        }

        /** The name log messages start with (by default the wrapped data source's class name). */
        public Builder name(String name) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("name cannot be blank");
            }
            Builder b = copy();
            b.name = name;
            return b;
        }

        /** What to do when other sessions hold locks a DDL statement needs; {@link DropPolicy#FAIL} by default. */
        public Builder dropPolicy(DropPolicy policy) {
            Builder b = copy();
            b.policy = Objects.requireNonNull(policy, "policy");
            return b;
        }

        /**
         * The most a guarded statement may spend waiting for its locks, checks and attempts together, before
         * {@link DropBlockedException}; {@link #DEFAULT_LOCK_WAIT} by default. The statement's own work after it
         * has its locks is not bounded by this.
         */
        public Builder lockWait(Duration lockWait) {
            if (Objects.requireNonNull(lockWait, "lockWait").isNegative()) {
                throw new IllegalArgumentException("lockWait cannot be negative: " + lockWait);
            }
            Builder b = copy();
            b.lockWait = lockWait;
            return b;
        }

        /**
         * The lock timeout of each attempt to run a guarded statement ({@code lock_timeout} on PostgreSQL), and so
         * the longest another session's query can queue behind it; {@link #DEFAULT_ATTEMPT_TIMEOUT} by default.
         * Must be at least 1 ms.
         */
        public Builder attemptTimeout(Duration attemptTimeout) {
            if (Objects.requireNonNull(attemptTimeout, "attemptTimeout").toMillis() < 1) {
                throw new IllegalArgumentException("attemptTimeout must be at least 1 ms: " + attemptTimeout);
            }
            Builder b = copy();
            b.attemptTimeout = attemptTimeout;
            return b;
        }

        /**
         * Whether to record the stack of every {@code getConnection()}, so that a report names the code that
         * borrowed a blocking connection (on by default; costs a few microseconds per borrow).
         */
        public Builder captureStackTraces(boolean capture) {
            Builder b = copy();
            b.captureStackTraces = capture;
            return b;
        }

        /**
         * The longest one listener may run, on the statement's thread and connection as always; none by default.
         * A listener still running when it is spent has the statement it runs on {@code ctx.connection()}
         * cancelled and its thread interrupted, and fails with SQLState {@code DG004}
         * ({@link DdlGuardState#LISTENER_TIMED_OUT}): a {@code BEFORE_*} listener's failure is a veto
         * ({@link DdlVetoException}), an {@code AFTER_*} listener's a {@link DdlListenerException}. The bound
         * reaches only what can be cancelled or interrupted: a statement the listener runs on {@code ctx.connection()}
         * and a wait that answers {@link Thread#interrupt()}. No limit by default, because a listener runs in the
         * statement's transaction, where a cancelled statement aborts the transaction (PostgreSQL): cutting a slow
         * listener off is a choice with a cost, for the application to make. Without a limit nothing is watched and no
         * thread is started; with one, one daemon thread per JVM ({@code ddlguard-listener-watchdog}) watches every
         * timed listener.
         *
         * @param timeout at least 1 ms
         */
        public Builder listenerTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "listenerTimeout").toMillis() < 1) {
                throw new IllegalArgumentException("listenerTimeout must be at least 1 ms: " + timeout);
            }
            Builder b = copy();
            b.listenerTimeout = timeout;
            return b;
        }

        /**
         * Records ddlguard's meters (see {@link DdlGuardMetrics}) in {@code registry}, a Micrometer
         * {@code io.micrometer.core.instrument.MeterRegistry}; without it, or {@link #metrics}, nothing is measured.
         * Typed {@code Object}, as HikariCP's {@code setMetricRegistry}, so that the builder never needs
         * {@code micrometer-core} on the class path unless this is called.
         *
         * @throws IllegalArgumentException when {@code registry} is not a {@code MeterRegistry}
         */
        public Builder meterRegistry(Object registry) {
            Objects.requireNonNull(registry, "registry");
            if (!isMeterRegistry(registry)) {
                throw new IllegalArgumentException("meterRegistry must be a Micrometer MeterRegistry, not "
                        + registry.getClass().getName());
            }
            DdlGuardMetrics binder = new DdlGuardMetrics();
            binder.bindTo((MeterRegistry) registry);
            return metrics(binder);
        }

        /**
         * Records ddlguard's meters through {@code metrics}, a {@link DdlGuardMetrics}, in every registry it is
         * bound to (as Spring Boot binds every {@code MeterBinder} bean); closing it removes them. Replaces an
         * earlier {@link #meterRegistry}. Typed {@code Object} for the reason {@link #meterRegistry} is.
         *
         * @throws IllegalArgumentException when {@code metrics} is not a {@link DdlGuardMetrics}
         */
        public Builder metrics(Object metrics) {
            Objects.requireNonNull(metrics, "metrics");
            if (!metrics.getClass().getName().equals(DDL_GUARD_METRICS)) {
                throw new IllegalArgumentException("metrics must be a " + DDL_GUARD_METRICS + ", not "
                        + metrics.getClass().getName());
            }
            GuardMetrics recorder = ((DdlGuardMetrics) metrics).recorder();
            Builder b = copy();
            b.metrics = recorder;
            return b;
        }

        private static boolean isMeterRegistry(Object registry) {
            for (Class<?> c = registry.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(METER_REGISTRY)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * How a connection pooler in front of PostgreSQL hands out server sessions, when the guard detects one
         * (PgBouncer's {@code pool_mode}); {@link PoolMode#TRANSACTION}, the mode that promises least, by default.
         * Say {@link PoolMode#SESSION} when the pooler keeps one server session per client connection: lock holders
         * are then traced to the code that borrowed them, and {@code CONCURRENTLY} statements get a lock timeout.
         * Direct connections ignore it.
         */
        public Builder poolMode(PoolMode poolMode) {
            Builder b = copy();
            b.poolMode = Objects.requireNonNull(poolMode, "poolMode");
            return b;
        }

        /**
         * Whether each refusal ({@link DropBlockedException}) is also logged, once, at WARN with its report (the
         * logger {@code io.ddlguard.internal.guard.PolicyGuard}); on by default. A refusal is rare and matters, and
         * the framework that ran the statement may swallow the exception: Hibernate's schema export logs only
         * {@code HHH000478: Unsuccessful: drop table ...}, Spring's {@code ScriptUtils} with
         * {@code continueOnError} nothing at all. Turn it off where the application logs every exception it gets.
         */
        public Builder logRefusals(boolean log) {
            Builder b = copy();
            b.logRefusals = log;
            return b;
        }

        /** The guard. */
        public DdlGuard build() {
            return new DdlGuard(this);
        }
    }
}
