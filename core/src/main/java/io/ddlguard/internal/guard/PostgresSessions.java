package io.ddlguard.internal.guard;

import io.ddlguard.PoolMode;
import io.ddlguard.internal.guard.PolicyGuard.ServerSession;
import io.ddlguard.internal.log.Log;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * What the PostgreSQL guards of one {@code DdlGuard} know of how one server is reached, and of the server sessions
 * behind the connections they hand out; shared through the {@link ConnectionRegistry}, because every data source
 * (and every {@code blockers} call) gets a guard of its own. Thread-safe.
 *
 * <p>Whether the server is reached directly or through a pooler is learned once, from the first connection, with one
 * query of {@code pg_backend_pid()} (behind a pooler, the pid pgjdbc was given is the pooler's key), its
 * {@code backend_start} and the server's clock. A direct connection then costs nothing more: its pid is the driver's,
 * and a holder whose session started after the connection was borrowed is not taken for it
 * ({@link io.ddlguard.internal.jdbc.ConnectionRecord#isSession}). Behind a pooler declared to pool sessions, the real
 * pid and start of each physical connection are learned once, with the same query. Behind any other pooler no server
 * session belongs to a connection: none is traced, and no query runs.
 */
final class PostgresSessions {

    private static final Log LOG = Log.of(PostgresSessions.class);
    private static final String LEARN = "select a.pid, a.backend_start, pg_catalog.clock_timestamp()"
            + " from pg_catalog.pg_stat_activity a where a.pid = pg_catalog.pg_backend_pid()";

    /**
     * How the server is reached, learned from its first connection.
     *
     * @param pooled      whether a pooler stands between: the server's pid differs from the one the driver was given
     * @param clockOffset the server's clock minus this JVM's, in milliseconds, as far as one round trip can tell
     */
    private record Endpoint(boolean pooled, long clockOffset) {
        /**
         * The learning query failed (logged once): how the server is reached is unknown, so it is treated as the
         * pooler that promises least, and it is not asked again on every borrow.
         */
        static final Endpoint UNREADABLE = new Endpoint(true, 0);
    }

    /**
     * The server session behind one physical connection through a session pooler.
     *
     * @param physical the driver's connection object, weakly: the entry is for it alone
     * @param pid      the server's pid; -1 when it could not be read
     */
    private record Learned(WeakReference<Object> physical, long pid, Instant started) {
    }

    /** What one learning query read: the server's pid and session start, and the server's clock. */
    private record Reading(long pid, Instant started, long clockOffset) {
    }

    /**
     * How one connection is placed, for the bound of a statement on it.
     *
     * @param sessionSettingsSafe whether a session setting reaches this connection's own server session and no other:
     *                            the connection is direct, or declared session-pooled with its session known
     * @param known               whether ddlguard could tell how the connection is reached at all
     * @param servedBy            to be told the server pid of each transaction the guard opens on it
     */
    record Placement(boolean sessionSettingsSafe, boolean known, LongConsumer servedBy) {
    }

    private final String name;
    private final PoolMode poolMode;
    private volatile Endpoint endpoint;
    /** By the pid the driver was given (the pooler's key): what was learned of that physical connection. */
    private final ConcurrentHashMap<Long, Learned> learned = new ConcurrentHashMap<>();
    /** The map's size after its last sweep of connections gone. */
    private volatile int learnedSwept;
    /** Whether a session-pooled connection was seen served by two server sessions: the pooler pools transactions. */
    private volatile boolean rotated;

    /** @param name the first guard's name, for the log */
    PostgresSessions(String name, PoolMode poolMode) {
        this.name = name;
        this.poolMode = poolMode;
    }

    /** The server session behind {@code raw}, just borrowed, as its record keys it. */
    ServerSession session(Connection raw) {
        SessionIds.Driver driver = SessionIds.POSTGRES.driver(raw);
        Endpoint e = driver == null ? null : endpoint(raw, driver);
        if (e == null || e == Endpoint.UNREADABLE) {
            return ServerSession.UNKNOWN;
        }
        if (!e.pooled()) {
            return new ServerSession(driver.id(), null);
        }
        Learned l = sessionPooled() ? learned(raw, driver) : null;
        return l == null || l.pid() < 0 ? ServerSession.UNKNOWN : new ServerSession(l.pid(), l.started());
    }

    /** How {@code connection} is reached, for the bound of a statement on it. */
    Placement placement(Connection connection) {
        SessionIds.Driver driver = SessionIds.POSTGRES.driver(connection);
        Endpoint e = driver == null ? null : endpoint(connection, driver);
        if (e == null || e == Endpoint.UNREADABLE) {
            return new Placement(false, false, pid -> { });
        }
        if (!e.pooled()) {
            return new Placement(true, true, pid -> { });
        }
        Learned l = sessionPooled() ? learned(connection, driver) : null;
        return new Placement(l != null && l.pid() >= 0, true, pid -> servedBy(l, pid));
    }

    /**
     * Whether a holder can be traced to a record at all: how the server is reached is known, and no session-pooled
     * connection was seen in two server sessions (after that, no record's pid can be trusted to be its session's).
     */
    boolean traceable() {
        Endpoint e = endpoint;
        return e != null && e != Endpoint.UNREADABLE && !rotated;
    }

    /** The server's clock minus this JVM's, in milliseconds; 0 until it is known. */
    long clockOffset() {
        Endpoint e = endpoint;
        return e == null ? 0 : e.clockOffset();
    }

    /** Why no holder can be traced to this application's code, for the report; empty when they can be. */
    String untraced() {
        Endpoint e = endpoint;
        if (e == Endpoint.UNREADABLE) {
            return "ddlguard could not read how this application's connections reach the server (see the log), so no"
                    + " holder can be traced to this application's code, and TERMINATE ends none";
        }
        if (e == null || !e.pooled() || sessionPooled()) {
            return "";
        }
        return rotated ? "this application's connections go through a connection pooler that hands out server"
                + " sessions per transaction (one connection was served by two): no holder can be traced to this"
                + " application's code, and TERMINATE ends none"
                : "this application's connections go through a connection pooler taken to pool transactions (poolMode"
                + " TRANSACTION), where no server session belongs to one connection: no holder can be traced to this"
                + " application's code, and TERMINATE ends none";
    }

    /** Whether a detected pooler keeps one server session per client connection. */
    private boolean sessionPooled() {
        return poolMode == PoolMode.SESSION && !rotated;
    }

    /** How the server is reached; learned now from {@code raw} if not yet; {@link Endpoint#UNREADABLE} if it cannot be. */
    private Endpoint endpoint(Connection raw, SessionIds.Driver driver) {
        Endpoint e = endpoint;
        if (e != null) {
            return e;
        }
        Reading r = read(raw);
        e = r == null ? Endpoint.UNREADABLE : new Endpoint(r.pid() != driver.id(), r.clockOffset());
        endpoint = e;
        if (e == Endpoint.UNREADABLE) {
            return e;
        }
        if (e.pooled()) {
            LOG.info("{}: connections reach PostgreSQL through a connection pooler (the server's pid {} is not the"
                    + " driver's {}); taken to pool {}", name, r.pid(), driver.id(), poolMode == PoolMode.SESSION
                    ? "sessions, as configured" : "transactions (poolMode TRANSACTION; say SESSION if it pools"
                    + " sessions)");
            if (sessionPooled()) {
                remember(driver, new Learned(new WeakReference<>(driver.physical()), r.pid(), r.started()));
            }
        }
        return e;
    }

    /** What is known of {@code raw}'s physical connection behind a session pooler, learned now if it is new. */
    private Learned learned(Connection raw, SessionIds.Driver driver) {
        Learned l = learned.get(driver.id());
        if (l != null && l.physical().get() == driver.physical()) {
            return l;
        }
        Reading r = read(raw);
        return remember(driver, new Learned(new WeakReference<>(driver.physical()), r == null ? -1 : r.pid(),
                r == null ? null : r.started()));
    }

    private Learned remember(SessionIds.Driver driver, Learned l) {
        if (learned.put(driver.id(), l) == null && learned.size() > 2 * learnedSwept + 16) {
            learned.values().removeIf(x -> x.physical().get() == null);
            learnedSwept = learned.size();
        }
        return l;
    }

    /** One learning query on {@code raw}; null when it failed (logged). */
    private Reading read(Connection raw) {
        try {
            boolean autoCommit = raw.getAutoCommit();
            long before = System.currentTimeMillis();
            try (PreparedStatement ps = raw.prepareStatement(LEARN); ResultSet rs = ps.executeQuery()) {
                long after = System.currentTimeMillis();
                if (!rs.next()) {
                    return null;
                }
                OffsetDateTime start = rs.getObject(2, OffsetDateTime.class);
                long serverNow = rs.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli();
                return new Reading(rs.getLong(1), start == null ? null : start.toInstant(),
                        serverNow - (before + after) / 2);
            } finally {
                if (!autoCommit) {
                    raw.rollback(); // just borrowed: the transaction held nothing but this read
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("{}: could not read the server session of a connection ({}); its locks will not be traced to"
                    + " this application's code", name, e.getMessage());
            return null;
        }
    }

    /**
     * Told the server pid of a transaction the guard opened on a session-pooled connection: one that differs from
     * the pid learned for it shows that the pooler hands out server sessions per transaction.
     */
    private void servedBy(Learned l, long pid) {
        if (l == null || l.pid() < 0 || pid < 0 || pid == l.pid() || rotated) {
            return;
        }
        rotated = true;
        LOG.warn("{}: a connection taken to keep one server session (poolMode SESSION, pid {}) ran a transaction in"
                + " another (pid {}): the pooler hands out server sessions per transaction, and the guard traces no"
                + " holder from now on", name, l.pid(), pid);
    }
}
