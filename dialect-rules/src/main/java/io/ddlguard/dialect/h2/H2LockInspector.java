package io.ddlguard.dialect.h2;

import io.ddlguard.dialect.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds the H2 sessions whose table locks a {@code DROP TABLE} or {@code ALTER TABLE} of given tables would wait
 * for, from {@code INFORMATION_SCHEMA.LOCKS} joined to {@code SESSIONS} (H2 2.x), without requesting a lock.
 *
 * <p>Measured on H2 2.3 (MVStore, in-memory and file databases): a transaction that wrote to a table holds a
 * {@code READ} lock on it until it ends, and a {@code DROP} or {@code ALTER} of the table then waits
 * {@code LOCK_TIMEOUT} milliseconds (2000 by default) and fails with error code 50200, SQLState {@code HYT00}.
 * Readers, open result sets and {@code SELECT ... FOR UPDATE} hold no table lock and do not block it.
 *
 * <p>{@code LOCKS} lists granted locks only. A {@code DROP} already waiting for the table is not in it, and
 * {@code SESSIONS} shows it {@code RUNNING} with no {@code BLOCKER_ID}; yet H2 queues table-lock requests, so a
 * later writer of the table (and a second DDL) waits behind it, while readers, which take no table lock, pass.
 * Such a waiting DDL is not reported; the holder it waits for is.
 *
 * <p>The inspecting session's own locks are never reported: H2 commits the session's transaction before a DDL
 * statement. A non-admin user sees no other session ({@link H2LockReport.Visibility#OWN_SESSION_ONLY}).
 * Stateless and thread-safe.
 */
public final class H2LockInspector {

    private static final String ADMIN = """
            select IS_ADMIN from INFORMATION_SCHEMA.USERS where USER_NAME = CURRENT_USER
            """;

    private static final String LOCKS = """
            select s.SESSION_ID, s.USER_NAME, s.SERVER, s.CLIENT_ADDR, s.CLIENT_INFO, s.SESSION_START,
                   s.ISOLATION_LEVEL, s.EXECUTING_STATEMENT, s.EXECUTING_STATEMENT_START, s.CONTAINS_UNCOMMITTED,
                   s.SESSION_STATE, s.BLOCKER_ID, s.SLEEP_SINCE, l.TABLE_SCHEMA, l.TABLE_NAME, l.LOCK_TYPE
            from INFORMATION_SCHEMA.LOCKS l
            join INFORMATION_SCHEMA.SESSIONS s on s.SESSION_ID = l.SESSION_ID
            where l.SESSION_ID <> SESSION_ID()
              and (l.TABLE_SCHEMA, l.TABLE_NAME) in (select * from table(S varchar = ?, N varchar = ?))
            order by s.SESSION_ID, l.TABLE_SCHEMA, l.TABLE_NAME
            """;

    /** An inspector; it keeps no state, so one instance can serve every connection. */
    public H2LockInspector() {
    }

    /**
     * The other sessions holding a lock on one of {@code tables}, and whose sessions could be seen.
     *
     * @param connection the connection that will run the statement; its own session is never reported
     * @param tables     the tables the statement will lock, names as the catalog stores them
     * @throws SQLException when the information schema cannot be read
     */
    public H2LockReport inspect(Connection connection, Collection<TableName> tables) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        List<TableName> targets = List.copyOf(new LinkedHashSet<>(tables));
        boolean admin;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(ADMIN)) {
            admin = rs.next() && rs.getBoolean(1);
        }
        H2LockReport.Visibility visibility = admin ? H2LockReport.Visibility.ALL_SESSIONS
                : H2LockReport.Visibility.OWN_SESSION_ONLY;
        if (targets.isEmpty()) {
            return new H2LockReport(List.of(), visibility);
        }
        List<H2LockConflict> conflicts = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(LOCKS)) {
            ps.setArray(1, connection.createArrayOf("VARCHAR",
                    targets.stream().map(TableName::schema).toArray(Object[]::new)));
            ps.setArray(2, connection.createArrayOf("VARCHAR",
                    targets.stream().map(TableName::name).toArray(Object[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int blocker = rs.getInt(12);
                    OptionalInt blockerId = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(blocker);
                    conflicts.add(new H2LockConflict(rs.getInt(1), text(rs, 2), text(rs, 3), text(rs, 4),
                            text(rs, 5), instant(rs, 6), text(rs, 7), text(rs, 8), instant(rs, 9),
                            rs.getBoolean(10), text(rs, 11), blockerId, instant(rs, 13),
                            new TableName(rs.getString(14), rs.getString(15)), rs.getString(16)));
                }
            }
        }
        return new H2LockReport(conflicts, visibility);
    }

    private static Optional<String> text(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
