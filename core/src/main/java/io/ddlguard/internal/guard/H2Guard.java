package io.ddlguard.internal.guard;

import io.ddlguard.LockHolder;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlSecrets;
import io.ddlguard.dialect.TableName;
import io.ddlguard.dialect.h2.H2LockConflict;
import io.ddlguard.dialect.h2.H2LockInspector;
import io.ddlguard.dialect.h2.H2LockReport;
import io.ddlguard.element.DdlElement;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The H2 guard (2.x). Before a DDL statement that locks tables runs, it reads who holds their table locks from
 * {@code INFORMATION_SCHEMA.LOCKS} and {@code SESSIONS} ({@link H2LockInspector}): in H2 only a transaction with
 * uncommitted writes to a table blocks its {@code DROP} or {@code ALTER}. Each attempt runs under the session's
 * {@code LOCK_TIMEOUT} (milliseconds, so the attempt timeout applies as given), and a timeout (error 50200,
 * SQLState HYT00) is retried within the budget. H2 commits the session's transaction before a DDL statement, so
 * there are no savepoints and the session's own writes never block it. A user who is not an admin sees no other
 * session: the check then finds nothing, attempts stay bounded, and the report says why it names nobody. Sessions
 * are ended with {@code ABORT_SESSION}, which only an admin may call, and never an admin's session. Thread-safe.
 */
final class H2Guard extends PolicyGuard {

    /** {@code LOCK_TIMEOUT_1}: "Timeout trying to lock table". */
    static final int LOCK_TIMEOUT = 50200;
    /** H2's default {@code LOCK_TIMEOUT}, restored when the session's own value cannot be read (a remote session). */
    private static final int DEFAULT_LOCK_TIMEOUT = 2000;

    /** The user of a session and whether it is an admin (null when the user row cannot be read). */
    private static final String SESSION_USER = "select s.USER_NAME, u.IS_ADMIN from INFORMATION_SCHEMA.SESSIONS s"
            + " left join INFORMATION_SCHEMA.USERS u on u.USER_NAME = s.USER_NAME where s.SESSION_ID = ?";

    private final H2LockInspector inspector = new H2LockInspector();
    private final DialectRules rules;
    private volatile LockTimeoutAccess lockTimeoutAccess;

    H2Guard(String name, GuardSettings settings, ConnectionRegistry registry, DialectRules rules) {
        super(name, settings, registry);
        this.rules = rules;
    }

    @Override
    Inspection inspect(Connection connection, List<DdlElement> elements) throws SQLException {
        return new Locks(elements, TableName.lockedBy(elements, rules, connection.getSchema()));
    }

    /** The table locks of the statement's tables. */
    private final class Locks implements Inspection {
        private final List<DdlElement> elements;
        private final List<TableName> tables;
        private boolean exact = true;

        Locks(List<DdlElement> elements, List<TableName> tables) {
            this.elements = elements;
            this.tables = tables;
        }

        @Override
        public List<DdlElement> elements() {
            return elements;
        }

        @Override
        public boolean precheck() {
            return !tables.isEmpty();
        }

        @Override
        public boolean exact() {
            return exact;
        }

        @Override
        public String limitation() {
            return exact ? "" : "H2 shows a user who is not an admin no other session, so holders cannot be named";
        }

        @Override
        public List<LockHolder> holders(Connection connection) throws SQLException {
            if (tables.isEmpty()) {
                return List.of();
            }
            H2LockReport report = inspector.inspect(connection, tables);
            exact = report.exact();
            String server = server(connection);
            List<LockHolder> holders = new ArrayList<>();
            for (H2LockConflict c : report.conflicts()) {
                holders.add(new LockHolder(OptionalLong.of(c.sessionId()), Optional.empty(), c.table().toString(),
                        c.lockType(), true, false, state(c), c.sleepSince().or(c::executingStatementStart),
                        Optional.empty(), c.executingStatement().map(q -> SqlSecrets.redact(q, rules)), c.user(),
                        c.clientInfo().filter(i -> !i.isEmpty()),
                        c.clientAddress(), c.sessionStart(), OptionalLong.empty(),
                        origin(server, c.sessionId()), List.of(),
                        Optional.empty()));
            }
            return holders;
        }
    }

    private static Optional<String> state(H2LockConflict c) {
        return c.state().map(s -> c.containsUncommitted() ? s + ", with uncommitted changes" : s);
    }

    @Override
    String setAttemptTimeout(Connection connection, long millis, boolean inTransaction) throws SQLException {
        String previous = Integer.toString(lockTimeout(connection));
        try (Statement s = connection.createStatement()) {
            s.execute("set lock_timeout " + millis);
        }
        return previous;
    }

    @Override
    void restoreAttemptTimeout(Connection connection, String previous, boolean inTransaction) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("set lock_timeout " + Integer.parseInt(previous));
        }
    }

    /**
     * The session's {@code LOCK_TIMEOUT}. H2 has no SQL to read it; an embedded session tells it through the
     * engine's {@code SessionLocal.getLockTimeout()}, a remote one not at all (then H2's default is assumed).
     */
    private int lockTimeout(Connection connection) {
        LockTimeoutAccess access = lockTimeoutAccess;
        if (access == null) {
            access = LockTimeoutAccess.find(connection.getClass().getClassLoader());
            lockTimeoutAccess = access;
        }
        if (access.handle() != null) {
            try {
                if (connection.isWrapperFor(access.connection())) {
                    return (int) access.handle().invokeExact((Object) connection.unwrap(access.connection()));
                }
            } catch (Throwable e) {
                // a remote session (its Session is not a SessionLocal), or a closed connection
            }
        }
        return DEFAULT_LOCK_TIMEOUT;
    }

    /** H2's {@code JdbcConnection} and {@code (it) -> getSession().getLockTimeout()} typed {@code (Object) -> int}. */
    private record LockTimeoutAccess(Class<?> connection, MethodHandle handle) {
        static LockTimeoutAccess find(ClassLoader loader) {
            try {
                Class<?> jdbcConnection = Class.forName("org.h2.jdbc.JdbcConnection", false, loader);
                Class<?> session = Class.forName("org.h2.engine.Session", false, loader);
                Class<?> sessionLocal = Class.forName("org.h2.engine.SessionLocal", false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle getSession = lookup.findVirtual(jdbcConnection, "getSession",
                        MethodType.methodType(session));
                MethodHandle getLockTimeout = lookup.findVirtual(sessionLocal, "getLockTimeout",
                        MethodType.methodType(int.class));
                MethodHandle chained = MethodHandles.filterReturnValue(
                        getSession.asType(MethodType.methodType(sessionLocal, jdbcConnection)), getLockTimeout);
                return new LockTimeoutAccess(jdbcConnection,
                        chained.asType(MethodType.methodType(int.class, Object.class)));
            } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
                return new LockTimeoutAccess(Void.class, null);
            }
        }
    }

    @Override
    boolean isLockTimeout(SQLException e) {
        return anyInChain(e, x -> x.getErrorCode() == LOCK_TIMEOUT);
    }

    @Override
    Termination terminate(Connection connection, long pid, Optional<Instant> started) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SESSION_USER)) {
            ps.setInt(1, (int) pid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Termination.GONE;
                }
                String user = rs.getString(1);
                Object admin = rs.getObject(2);
                if (admin == null) {
                    return Termination.spared("whether its user " + user + " is an admin cannot be read");
                }
                if (rs.getBoolean(2)) {
                    return Termination.spared("its user " + user + " is an admin");
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("call abort_session(?)")) {
            ps.setInt(1, (int) pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1) ? Termination.ENDED : Termination.GONE;
            }
        }
    }

    @Override
    boolean transactionalDdl() {
        return false;
    }

    @Override
    SessionIds sessionIds() {
        return SessionIds.H2;
    }

    @Override
    String sessionWord() {
        return "session";
    }
}
