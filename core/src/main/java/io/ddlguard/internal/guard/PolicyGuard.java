package io.ddlguard.internal.guard;

import io.ddlguard.ConnectionOrigin;
import io.ddlguard.DropBlockedException;
import io.ddlguard.LockHolder;
import io.ddlguard.dialect.JdbcUrls;
import io.ddlguard.element.DdlElement;
import io.ddlguard.internal.jdbc.ConnectionRecord;
import io.ddlguard.internal.metrics.GuardMetrics.CheckOutcome;
import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The engine-neutral half of a lock guard: the check (inspect, then wait out or refuse) and the engine SPI. Each
 * checked statement gets a {@link PolicyLoop} (what the policy does about holders, and the report) and becomes a
 * {@link GuardRun} (the bounded attempts with their retries). An engine supplies how to find the holders of a
 * statement's locks ({@link #inspect}), how to bound its lock waits ({@link #bound}, by default
 * {@link #setAttemptTimeout} and its restore), what its lock timeout looks like ({@link #isLockTimeout}), how to end
 * a session ({@link #terminate}) and how its connections are identified ({@link #sessionIds}, {@link #session},
 * {@link #serverKey}). Thread-safe.
 *
 * <p>Two shapes of check share this loop. Where the engine can tell exactly who holds a lock (PostgreSQL, H2) the
 * holders are read before the first attempt ({@link Inspection#precheck()}), so {@code FAIL} refuses without
 * touching the lock queue. Where it cannot, or where an attempt costs nothing to anyone (MariaDB's attempts do not
 * queue; SQLite has no view of other connections), the first attempt is the check and the holders are read only
 * after it timed out.
 */
public abstract class PolicyGuard implements LockGuard {

    private static final Log LOG = Log.of(PolicyGuard.class);

    final String name;
    final GuardSettings settings;
    final ConnectionRegistry registry;
    /** Which server this guard's data source connects to, learned from its first connection. */
    private volatile String server;

    PolicyGuard(String name, GuardSettings settings, ConnectionRegistry registry) {
        this.name = name;
        this.settings = settings;
        this.registry = registry;
    }

    /** Whether {@code e}, or an exception chained to it (next or cause), satisfies {@code test}. */
    static boolean anyInChain(SQLException e, Predicate<SQLException> test) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable x = e; x != null && seen.add(x); ) {
            if (x instanceof SQLException sql) {
                if (test.test(sql)) {
                    return true;
                }
                x = sql.getNextException() != null ? sql.getNextException() : sql.getCause();
            } else {
                x = x.getCause();
            }
        }
        return false;
    }

    /**
     * Learns which locks {@code elements} will take, without entering the lock queue; null when none of them takes
     * a lock another session could hold.
     */
    abstract Inspection inspect(Connection connection, List<DdlElement> elements) throws SQLException;

    /** Bounds each lock wait of the next statement to {@code millis}; returns the setting to restore. */
    abstract String setAttemptTimeout(Connection connection, long millis, boolean inTransaction) throws SQLException;

    /** Puts back what {@link #setAttemptTimeout} returned. */
    abstract void restoreAttemptTimeout(Connection connection, String previous, boolean inTransaction)
            throws SQLException;

    /** Whether {@code e} says the statement could not get a lock in time. */
    abstract boolean isLockTimeout(SQLException e);

    /**
     * Whether waiting can end the lock timeout {@code e}: false when the holder is the statement's own connection
     * (SQLite's {@code SQLITE_LOCKED}), which cannot let go while it waits.
     */
    boolean canWaitOut(SQLException e) {
        return true;
    }

    /**
     * Ends session {@code pid}, one of this application's own, unless its account is privileged (a PostgreSQL
     * superuser, a MariaDB/MySQL account with {@code SUPER} or {@code CONNECTION ADMIN}, an H2 admin) or the
     * privileges cannot be read: such a session is spared, and the refusal says why. Where the engine tells when a
     * session started ({@code started}, PostgreSQL's {@code backend_start}), only the session of that pid that
     * started then is ended: a later session given the same pid is left alone.
     */
    abstract Termination terminate(Connection connection, long pid, Optional<Instant> started) throws SQLException;

    /**
     * What {@link #terminate} did with a session.
     *
     * @param ended  whether the session was ended
     * @param spared why it was not, for the log and the report; empty when it was ended or had ended already
     */
    record Termination(boolean ended, String spared) {
        static final Termination ENDED = new Termination(true, "");
        /** The session had ended before it could be: nothing to do or to say. */
        static final Termination GONE = new Termination(false, "");

        static Termination spared(String why) {
            return new Termination(false, why);
        }
    }

    /** Whether a DDL statement can be rolled back to a savepoint: each attempt then runs in one. */
    abstract boolean transactionalDdl();

    /**
     * How the lock waits of {@code elements}, one guarded statement text, are bounded on {@code connection}: by
     * default the session's lock timeout, set and put back ({@link #setAttemptTimeout}), with one savepoint around
     * the attempts inside the caller's transaction where DDL is transactional.
     *
     * @param autoCommit the connection's mode when the statement came
     */
    Bound bound(Connection connection, List<DdlElement> elements, boolean autoCommit) throws SQLException {
        return new SessionBound(name, sessionTimeout, connection, !autoCommit, !autoCommit && transactionalDdl());
    }

    /** {@link #setAttemptTimeout} and {@link #restoreAttemptTimeout}, as a {@link SessionBound} uses them. */
    final SessionBound.Timeout sessionTimeout = new SessionBound.Timeout() {
        @Override
        public String set(Connection connection, long millis, boolean inTransaction) throws SQLException {
            return setAttemptTimeout(connection, millis, inTransaction);
        }

        @Override
        public void restore(Connection connection, String previous, boolean inTransaction) throws SQLException {
            restoreAttemptTimeout(connection, previous, inTransaction);
        }
    };

    /** How this engine's connections tell their session id. */
    abstract SessionIds sessionIds();

    /**
     * The part of a JDBC URL that identifies the server whose session ids the lock views show (host and port), or
     * the database file: by default the URL without {@code jdbc:} and its parameters. Passwords are masked
     * ({@link JdbcUrls#redact}): the key is kept in every connection's record.
     */
    String serverKey(String url) {
        String redacted = JdbcUrls.redact(url);
        String key = redacted.startsWith("jdbc:") ? redacted.substring(5) : redacted;
        int end = key.length();
        for (char c : new char[] {'?', ';'}) {
            int at = key.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return key.substring(0, end);
    }

    /** A server key of the scheme and authority only: {@code postgresql://db.example:5432}. */
    static String authority(String key) {
        int slashes = key.indexOf("//");
        if (slashes < 0) {
            return key;
        }
        int path = key.indexOf('/', slashes + 2);
        return path < 0 ? key : key.substring(0, path);
    }

    /**
     * Why a holder may be this application's connection without the report saying so, for the report; empty when
     * every connection this guard handed out can be recognised (PostgreSQL behind a pooler in transaction mode
     * cannot: a client connection has no server session of its own).
     */
    String untraced(Connection connection) throws SQLException {
        return "";
    }

    /** The word reports use for a session id: {@code pid}, {@code connection}, {@code session}. */
    String sessionWord() {
        return "pid";
    }

    /** Which server this guard's connections go to; known once one connection was tracked. */
    final String server(Connection connection) throws SQLException {
        String s = server;
        if (s == null) {
            DatabaseMetaData metaData = connection.getMetaData();
            String url = metaData == null ? null : metaData.getURL();
            s = url == null ? "(unknown server)" : serverKey(url);
            server = s;
        }
        return s;
    }

    /** This application's open connection whose session on {@code server} is {@code id}, as a report shows it. */
    final Optional<ConnectionOrigin> origin(String server, long id) {
        return registry.byPid(server, id).map(ConnectionRecord::snapshot);
    }

    /**
     * This application's open connection whose session on {@code server} is {@code id}, started at {@code started}
     * (a later session given the same id matches none), as a report shows it.
     *
     * @param clockOffset the server's clock minus this JVM's, in milliseconds
     */
    final Optional<ConnectionOrigin> origin(String server, long id, Optional<Instant> started, long clockOffset) {
        return registry.bySession(server, id, started, clockOffset).map(ConnectionRecord::snapshot);
    }

    /**
     * The server session behind a connection a guard hands out, as its record keys it.
     *
     * @param id      the session's id in the engine's lock views; -1 when it cannot be known for certain
     * @param started when it started, where the engine tells (PostgreSQL's {@code backend_start}); null elsewhere
     */
    record ServerSession(long id, Instant started) {
        static final ServerSession UNKNOWN = new ServerSession(-1, null);
    }

    /** The server session behind {@code raw}, just borrowed; by default its id as {@link #sessionIds()} reads it. */
    ServerSession session(Connection raw) throws SQLException {
        return new ServerSession(sessionIds().of(raw), null);
    }

    /**
     * The holders that would block {@code elements} right now, as a report would show them; empty when the
     * statements would not wait. For a statement the engine cannot plan, the sessions holding any lock on the
     * relations it names. Reads the engine's lock views only.
     *
     * @throws SQLFeatureNotSupportedException when the server's lock holders cannot be read (PostgreSQL before 13)
     */
    public List<LockHolder> blockers(Connection connection, List<DdlElement> elements) throws SQLException {
        Inspection inspection = inspect(connection, elements);
        if (inspection instanceof Inspection.Blind blind) {
            throw new SQLFeatureNotSupportedException(blind.limitation());
        }
        return inspection == null ? List.of() : inspection.holdersAfterTimeout(connection);
    }

    @Override
    public ConnectionRecord track(Connection raw, String dataSource) throws SQLException {
        ServerSession session = session(raw);
        return registry.track(raw, dataSource, server(raw), session.id(), session.started());
    }

    @Override
    public GuardedStatement check(Connection connection, List<DdlElement> elements, boolean runsNext)
            throws SQLException {
        long start = System.nanoTime();
        CheckOutcome outcome = CheckOutcome.ERROR;
        try {
            GuardedStatement checked = inspectAndAwait(connection, elements, start, runsNext);
            outcome = checked instanceof GuardRun run && run.sawHolders() ? CheckOutcome.PROCEEDED
                    : CheckOutcome.CLEAR;
            return checked;
        } catch (DropBlockedException e) {
            outcome = CheckOutcome.BLOCKED;
            throw e;
        } finally {
            settings.metrics().guardCheck(outcome, start);
        }
    }

    private GuardedStatement inspectAndAwait(Connection connection, List<DdlElement> elements, long start,
                                             boolean runsNext) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        // A catalog read that waits for a lock (a catalog locked by VACUUM FULL, REINDEX or LOCK TABLE) would
        // otherwise wait forever: the check is bounded like one attempt. When the statement runs next, the bound
        // stays for its first attempt, so that a guarded statement arms it only once.
        Bound bound = inspectionWaitsForLocks(elements) ? bound(connection, elements, autoCommit) : null;
        boolean handedOver = false;
        try {
            if (bound != null) {
                bound.arm(checkMillis());
            }
            Inspection inspection;
            try {
                inspection = inspect(connection, elements);
            } catch (SQLException e) {
                if (bound == null && !autoCommit) {
                    throw e; // no savepoint to roll back to: the statement could not run anyway
                }
                if (bound != null) {
                    bound.rollBack(); // on PostgreSQL the failed read aborted the transaction it ran in
                }
                LOG.warn("{}: could not read the locks of {} ({}); running it with bounded attempts only", name,
                        elements.get(0).sql(), e.getMessage());
                inspection = new Inspection.Blind(elements, readFailure(e));
            }
            if (inspection == null) {
                return GuardedStatement.UNGUARDED;
            }
            PolicyLoop policy = new PolicyLoop(this, inspection.elements(), inspection, start);
            if (inspection.precheck()) {
                policy.awaitClear(connection, bound, null, PolicyLoop.FIRST_POLL_NANOS);
            }
            handedOver = runsNext;
            return new GuardRun(this, policy, runsNext ? bound : null);
        } finally {
            if (bound != null && !handedOver) {
                bound.close();
            }
        }
    }

    /** The lock timeout of the check's reads: one attempt's, within the budget. */
    private long checkMillis() {
        return Math.max(1, Math.min(settings.attemptTimeout().toMillis(), settings.lockWait().toMillis()));
    }

    /**
     * Whether reading the catalogs and lock views for {@code elements} can wait for a lock (PostgreSQL's catalogs
     * can be locked), so that the check must run under the attempt timeout.
     */
    boolean inspectionWaitsForLocks(List<DdlElement> elements) {
        return false;
    }

    /** What a report says when the lock views could not be read. */
    static String readFailure(SQLException e) {
        return "the lock views could not be read: " + e.getMessage();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + settings + "]";
    }
}
