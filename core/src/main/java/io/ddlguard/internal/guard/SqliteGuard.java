package io.ddlguard.internal.guard;

import io.ddlguard.LockHolder;
import io.ddlguard.element.DdlElement;
import io.ddlguard.internal.jdbc.ConnectionRecord;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The SQLite guard. SQLite locks the whole database file and shows no one who holds it, so the attempt is the
 * check: each runs under the connection's {@code busy_timeout} set to the attempt timeout, and {@code SQLITE_BUSY}
 * (another connection holds the file) is retried within the budget. The holders a report names are candidates from
 * this application's own records: its other connections to the same file with a transaction or an unfinished
 * result set open (in WAL mode readers do not block, writers do); connections of other processes cannot be seen.
 * {@code SQLITE_LOCKED} means the statement's own connection has an unfinished result set: waiting cannot end it,
 * so it is refused at once, naming that result set. DDL is transactional: inside a transaction each attempt runs in
 * a savepoint. SQLite cannot end another connection, so {@code TERMINATE} waits like {@code WAIT}. Thread-safe.
 */
final class SqliteGuard extends PolicyGuard {

    /** {@code SQLITE_BUSY}: the database file is locked by another connection. */
    static final int BUSY = 5;
    /** {@code SQLITE_LOCKED}: a table is locked by the same connection (an unfinished statement). */
    static final int LOCKED = 6;
    private static final String LIMITATION = "SQLite does not show who holds its lock: listed are this application's"
            + " connections to the same database file that have a transaction or an unfinished result set open, and"
            + " connections of other processes are not seen";

    SqliteGuard(String name, GuardSettings settings, ConnectionRegistry registry) {
        super(name, settings, registry);
    }

    @Override
    Inspection inspect(Connection connection, List<DdlElement> elements) {
        return new Candidates(elements);
    }

    /** This application's connections that may hold the database file's lock. */
    private final class Candidates extends Inspection.AttemptFirst {
        Candidates(List<DdlElement> elements) {
            super(elements);
        }

        @Override
        public boolean exact() {
            return false;
        }

        @Override
        public String limitation() {
            return LIMITATION;
        }

        @Override
        public List<LockHolder> holders(Connection connection) throws SQLException {
            String file = server(connection);
            boolean shared = !file.contains(":memory:") && !file.equals("sqlite:");
            List<LockHolder> holders = new ArrayList<>();
            for (ConnectionRecord r : registry.withoutId(file)) {
                boolean own = r.isFor(connection);
                if (!own && !shared) {
                    continue;
                }
                if (r.hasOpenResultSets()) {
                    holders.add(holder(file, own ? "an unfinished result set on this same connection"
                            : "an unfinished result set", r));
                } else if (!own && r.inTransaction()) {
                    holders.add(holder(file, "an open transaction", r));
                }
            }
            return holders;
        }
    }

    private static LockHolder holder(String file, String mode, ConnectionRecord r) {
        return new LockHolder(OptionalLong.empty(), Optional.empty(), file.substring("sqlite:".length()), mode, true,
                false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.of(r.snapshot()),
                List.of(), Optional.empty());
    }

    @Override
    String setAttemptTimeout(Connection connection, long millis, boolean inTransaction) throws SQLException {
        String previous;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("pragma busy_timeout")) {
                previous = rs.next() ? Integer.toString(rs.getInt(1)) : "0";
            }
            s.execute("pragma busy_timeout = " + millis);
        }
        return previous;
    }

    @Override
    void restoreAttemptTimeout(Connection connection, String previous, boolean inTransaction) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("pragma busy_timeout = " + Integer.parseInt(previous));
        }
    }

    @Override
    boolean isLockTimeout(SQLException e) {
        int code = primaryCode(e);
        return code == BUSY || code == LOCKED;
    }

    @Override
    boolean canWaitOut(SQLException e) {
        return primaryCode(e) != LOCKED;
    }

    /** The primary result code: extended codes such as {@code SQLITE_BUSY_SNAPSHOT} (517) keep it in the low byte. */
    private static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xff;
    }

    @Override
    Termination terminate(Connection connection, long pid, Optional<Instant> started) {
        return Termination.spared("SQLite cannot end another connection");
    }

    @Override
    boolean transactionalDdl() {
        return true;
    }

    @Override
    SessionIds sessionIds() {
        return SessionIds.NONE;
    }
}
