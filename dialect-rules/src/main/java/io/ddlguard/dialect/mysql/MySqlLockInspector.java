package io.ddlguard.dialect.mysql;

import io.ddlguard.dialect.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Finds the MySQL or MariaDB sessions that would make a {@code DROP TABLE} or {@code ALTER TABLE} of given tables
 * wait for a metadata lock, by reading the server's views only: it never requests a lock itself.
 *
 * <p><b>Exact, from {@code performance_schema}.</b> When {@code performance_schema} is on, its metadata-lock
 * instrument {@code wait/lock/metadata/sql/mdl} and the {@code global_instrumentation} consumer are enabled and
 * the connection may read it, the report comes from {@code performance_schema.metadata_locks} joined to
 * {@code threads}: every other session's lock on one of the tables, granted ({@link MySqlLockConflict.Cause#LOCK})
 * or queued ({@link MySqlLockConflict.Cause#QUEUED}: a DDL already waiting is ahead in the queue), and every
 * granted global lock that blocks all DDL ({@link MySqlLockConflict.Cause#GLOBAL_LOCK}). A {@code DROP} needs an
 * {@code EXCLUSIVE} lock, which conflicts with every lock type, and an {@code ALTER} upgrades to one before it
 * finishes, so every lock counts. Measured on MariaDB 11.4: {@code performance_schema} is off by default, and
 * when it is switched on the instrument still is not ({@code setup_instruments.ENABLED = 'NO'}); enabling the
 * instrument at run time does not show locks taken before, so a report right after the switch can miss holders
 * (this cannot be detected).
 *
 * <p><b>Approximate, from {@code information_schema}.</b> Otherwise the report lists every other session that
 * has an open InnoDB transaction ({@code INNODB_TRX}), runs a statement, or waits for a metadata lock
 * ({@code PROCESSLIST}), whatever tables it used: such a session may hold a lock on the table, an idle
 * autocommit session does not. {@link MySqlLockReport#approximateBecause()} says why. Without the {@code PROCESS}
 * privilege only the user's own sessions, and no transaction, can be seen
 * ({@link MySqlLockReport.Visibility#OWN_USER_ONLY}).
 *
 * <p>{@code INNODB_TRX} is a cache that InnoDB refreshes at most every 100 ms (measured on MariaDB 11.4): a
 * transaction that began less than about 100 ms ago can be missing from an approximate report, and one that just
 * ended can still be listed.
 *
 * <p>Session details come from {@code information_schema.PROCESSLIST} (from {@code performance_schema.threads}
 * when a session is not listed there for lack of {@code PROCESS}), the transaction's age from {@code INNODB_TRX},
 * the last statement of an idle session from {@code performance_schema.events_statements_current} when that
 * consumer is enabled. The inspecting connection's own session ({@code CONNECTION_ID()}) is never reported: on
 * MySQL and MariaDB a DDL statement commits the session's transaction before it runs, releasing its locks.
 *
 * <p>Each call probes what it may read (two or three small queries) and then reads the locks in one query.
 * Stateless and thread-safe. Tested on MariaDB 11.4; the MySQL 8 names (global {@code SHARED} lock of
 * {@code FLUSH TABLES WITH READ LOCK}, {@code BACKUP LOCK}) follow MySQL's documentation.
 */
public final class MySqlLockInspector {

    /** MySQL's and MariaDB's "access denied; you need the PROCESS privilege". */
    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;

    private static final String PROBE = "select connection_id(), version(), @@performance_schema";

    private static final String PROBE_INSTRUMENT = """
            select (select ENABLED from performance_schema.setup_instruments
                    where NAME = 'wait/lock/metadata/sql/mdl'),
                   (select ENABLED from performance_schema.setup_consumers where NAME = 'global_instrumentation')
            """;

    /** Must read the table: with an impossible {@code WHERE} MariaDB skips filling it, and the privilege check. */
    private static final String PROBE_TRX = "select trx_id from information_schema.INNODB_TRX limit 1";

    /**
     * Global lock types that block every DDL: MariaDB's {@code FLUSH TABLES WITH READ LOCK} (FTWRL1, FTWRL2) and
     * {@code BACKUP STAGE} (WAIT_DDL, BLOCK_DDL) in the BACKUP namespace; MySQL's FTWRL ({@code GLOBAL SHARED})
     * and {@code LOCK INSTANCE FOR BACKUP} ({@code BACKUP LOCK SHARED}).
     */
    private static final String GLOBAL_LOCKS = """
            (m.OBJECT_TYPE = 'BACKUP' and m.LOCK_TYPE in ('BACKUP_FTWRL1', 'BACKUP_FTWRL2', 'BACKUP_WAIT_DDL',
                                                          'BACKUP_BLOCK_DDL'))
            or (m.OBJECT_TYPE = 'GLOBAL' and m.LOCK_TYPE = 'SHARED')
            or (m.OBJECT_TYPE = 'BACKUP LOCK' and m.LOCK_TYPE = 'SHARED')
            """;

    /** An inspector; it keeps no state, so one instance can serve every connection. */
    public MySqlLockInspector() {
    }

    /**
     * The sessions that would (or, for an approximate report, might) make a {@code DROP} or {@code ALTER} of
     * {@code tables} wait, and how much the connection could see.
     *
     * @param connection the connection that will run the statement; its own session is never reported
     * @param tables     the tables the statement will lock, names as the server stores them
     * @throws SQLException when even {@code information_schema.PROCESSLIST} cannot be read
     */
    public MySqlLockReport inspect(Connection connection, Collection<TableName> tables) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        List<TableName> targets = List.copyOf(new LinkedHashSet<>(tables));
        String version;
        boolean performanceSchema;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(PROBE)) {
            rs.next();
            version = rs.getString(2);
            performanceSchema = rs.getBoolean(3);
        }
        boolean mariaDb = version != null && version.contains("MariaDB");
        boolean trxReadable = canReadTransactions(connection);
        Optional<String> reason = performanceSchema ? instrumentProblem(connection)
                : Optional.of("performance_schema is off");
        if (reason.isEmpty()) {
            try {
                List<MySqlLockConflict> conflicts = fromPerformanceSchema(connection, targets, mariaDb, trxReadable);
                return new MySqlLockReport(conflicts, MySqlLockConflict.Source.PERFORMANCE_SCHEMA,
                        MySqlLockReport.Visibility.ALL_SESSIONS, Optional.empty(), version);
            } catch (SQLException e) {
                reason = Optional.of("performance_schema.metadata_locks cannot be read: " + e.getMessage());
            }
        }
        List<MySqlLockConflict> conflicts = fromProcesslist(connection, mariaDb, trxReadable);
        return new MySqlLockReport(conflicts, MySqlLockConflict.Source.PROCESSLIST,
                trxReadable ? MySqlLockReport.Visibility.ALL_SESSIONS : MySqlLockReport.Visibility.OWN_USER_ONLY,
                reason, version);
    }

    private static Optional<String> instrumentProblem(Connection connection) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(PROBE_INSTRUMENT)) {
            rs.next();
            if (!"YES".equalsIgnoreCase(rs.getString(1))) {
                return Optional.of("performance_schema is on but its metadata-lock instrument"
                        + " wait/lock/metadata/sql/mdl is disabled");
            }
            if (!"YES".equalsIgnoreCase(rs.getString(2))) {
                return Optional.of("performance_schema is on but its global_instrumentation consumer is disabled");
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("performance_schema cannot be read: " + e.getMessage());
        }
    }

    private static boolean canReadTransactions(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(PROBE_TRX)) {
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED) {
                return false;
            }
            throw e;
        }
    }

    private static String stateMillis(boolean mariaDb, String processlist, String threads) {
        // MariaDB's PROCESSLIST has TIME_MS; MySQL's has whole seconds only.
        String fromProcesslist = mariaDb ? processlist + ".TIME_MS" : processlist + ".TIME * 1000";
        return threads == null ? fromProcesslist
                : "case when " + processlist + ".ID is null then " + threads + ".PROCESSLIST_TIME * 1000 else "
                        + fromProcesslist + " end";
    }

    private static List<MySqlLockConflict> fromPerformanceSchema(Connection connection, List<TableName> targets,
                                                                 boolean mariaDb, boolean trxReadable)
            throws SQLException {
        StringBuilder onTargets = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            onTargets.append(i == 0 ? "" : " or ").append("(m.OBJECT_SCHEMA = ? and m.OBJECT_NAME = ?)");
        }
        String sql = "select t.PROCESSLIST_ID, m.OBJECT_TYPE, m.OBJECT_SCHEMA, m.OBJECT_NAME, m.LOCK_TYPE,"
                + " m.LOCK_DURATION, m.LOCK_STATUS,"
                + " case when p.ID is null then t.PROCESSLIST_USER else p.USER end,"
                + " case when p.ID is null then t.PROCESSLIST_HOST else p.HOST end,"
                + " case when p.ID is null then t.PROCESSLIST_DB else p.DB end,"
                + " case when p.ID is null then t.PROCESSLIST_COMMAND else p.COMMAND end,"
                + " case when p.ID is null then t.PROCESSLIST_STATE else p.STATE end,"
                + " " + stateMillis(mariaDb, "p", "t") + ","
                + " case when p.ID is null then t.PROCESSLIST_INFO else p.INFO end,"
                + " (select s.SQL_TEXT from performance_schema.events_statements_current s"
                + "  where s.THREAD_ID = t.THREAD_ID order by s.EVENT_ID desc limit 1),"
                + (trxReadable ? " (select timestampdiff(SECOND, min(x.trx_started), now())"
                        + "  from information_schema.INNODB_TRX x where x.trx_mysql_thread_id = t.PROCESSLIST_ID)"
                        : " null")
                + " from performance_schema.metadata_locks m"
                + " join performance_schema.threads t on t.THREAD_ID = m.OWNER_THREAD_ID"
                + " left join information_schema.PROCESSLIST p on p.ID = t.PROCESSLIST_ID"
                + " where t.PROCESSLIST_ID is not null and t.PROCESSLIST_ID <> connection_id()"
                + " and (m.LOCK_STATUS = 'PENDING'"
                + (targets.isEmpty() ? "" : " or (m.OBJECT_TYPE = 'TABLE' and (" + onTargets + "))")
                + " or (m.LOCK_STATUS = 'GRANTED' and (" + GLOBAL_LOCKS + ")))";
        List<LockRow> rows = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int p = 1;
            for (TableName target : targets) {
                ps.setString(p++, target.schema());
                ps.setString(p++, target.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(LockRow.read(rs));
                }
            }
        }
        // What each session is queued for, on any object: a holder may itself be waiting elsewhere.
        Map<Long, Set<String>> waits = new LinkedHashMap<>();
        for (LockRow row : rows) {
            if (!row.granted) {
                waits.computeIfAbsent(row.connectionId, k -> new LinkedHashSet<>()).add(row.describeLock());
            }
        }
        Set<TableName> targetSet = Set.copyOf(targets);
        List<MySqlLockConflict> conflicts = new ArrayList<>();
        for (LockRow row : rows) {
            Optional<TableName> table = row.table().filter(targetSet::contains);
            MySqlLockConflict.Cause cause;
            if (table.isPresent()) {
                cause = row.granted ? MySqlLockConflict.Cause.LOCK : MySqlLockConflict.Cause.QUEUED;
            } else if (row.granted && !"TABLE".equals(row.objectType)) {
                cause = MySqlLockConflict.Cause.GLOBAL_LOCK;
            } else {
                continue; // a wait on another object: shown as waitingFor of its session only
            }
            OptionalLong blockedBy = OptionalLong.empty();
            if (!row.granted) {
                blockedBy = rows.stream()
                        .filter(o -> o.granted && o.connectionId != row.connectionId && o.table().equals(table))
                        .mapToLong(o -> o.connectionId).min();
            }
            Set<String> waiting = waits.get(row.connectionId);
            conflicts.add(new MySqlLockConflict(row.connectionId, row.user, row.host, row.database, row.command,
                    row.state, row.stateTime, row.query, row.lastStatement, row.transactionAge, table,
                    Optional.of(row.lockType), Optional.ofNullable(row.lockDuration), row.granted,
                    waiting == null ? Optional.empty() : Optional.of(String.join(", ", waiting)), blockedBy, cause,
                    MySqlLockConflict.Source.PERFORMANCE_SCHEMA));
        }
        conflicts.sort(Comparator.comparing((MySqlLockConflict c) -> c.cause() == MySqlLockConflict.Cause.QUEUED)
                .thenComparingLong(MySqlLockConflict::connectionId));
        return List.copyOf(conflicts);
    }

    private static List<MySqlLockConflict> fromProcesslist(Connection connection, boolean mariaDb,
                                                           boolean trxReadable) throws SQLException {
        String sql = "select p.ID, p.USER, p.HOST, p.DB, p.COMMAND, p.STATE, " + stateMillis(mariaDb, "p", null)
                + ", p.INFO, "
                + (trxReadable ? "timestampdiff(SECOND, x.trx_started, now()), x.trx_autocommit_non_locking"
                        + " from information_schema.PROCESSLIST p"
                        + " left join information_schema.INNODB_TRX x on x.trx_mysql_thread_id = p.ID"
                        : "null, null from information_schema.PROCESSLIST p")
                + " where p.ID <> connection_id()"
                + " and p.COMMAND not in ('Daemon', 'Binlog Dump', 'Binlog Dump GTID')"
                // An idle session's autocommit read-only transaction is a stale INNODB_TRX row: the statement
                // ended (the view is a cache refreshed at most every 100 ms).
                + " and (p.COMMAND <> 'Sleep'"
                + (trxReadable ? " or (x.trx_mysql_thread_id is not null and x.trx_autocommit_non_locking = 0)" : "")
                + ") order by p.ID";
        List<MySqlLockConflict> conflicts = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Optional<String> state = Optional.ofNullable(rs.getString(6)).filter(x -> !x.isEmpty());
                long age = rs.getLong(9);
                Optional<Duration> transactionAge = rs.wasNull() ? Optional.empty()
                        : Optional.of(Duration.ofSeconds(age));
                boolean autocommitRead = rs.getBoolean(10);
                boolean waiting = state.filter(x -> x.startsWith("Waiting for") && x.contains("metadata lock"))
                        .isPresent();
                MySqlLockConflict.Cause cause = waiting ? MySqlLockConflict.Cause.WAITING_FOR_LOCK
                        : transactionAge.isPresent() && !autocommitRead ? MySqlLockConflict.Cause.IN_TRANSACTION
                        : MySqlLockConflict.Cause.RUNNING_STATEMENT;
                conflicts.add(new MySqlLockConflict(rs.getLong(1), Optional.ofNullable(rs.getString(2)),
                        Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4)),
                        Optional.ofNullable(rs.getString(5)), state, millis(rs, 7),
                        Optional.ofNullable(rs.getString(8)), Optional.empty(), transactionAge, Optional.empty(),
                        Optional.empty(), Optional.empty(), !waiting, waiting ? state : Optional.empty(),
                        OptionalLong.empty(), cause, MySqlLockConflict.Source.PROCESSLIST));
            }
        }
        return List.copyOf(conflicts);
    }

    private static Optional<Duration> millis(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(value * 1_000_000)));
    }

    /** One row of the performance_schema query. */
    private record LockRow(long connectionId, String objectType, String schema, String name, String lockType,
                           String lockDuration, boolean granted, Optional<String> user, Optional<String> host,
                           Optional<String> database, Optional<String> command, Optional<String> state,
                           Optional<Duration> stateTime, Optional<String> query, Optional<String> lastStatement,
                           Optional<Duration> transactionAge) {

        static LockRow read(ResultSet rs) throws SQLException {
            long age = rs.getLong(16);
            Optional<Duration> transactionAge = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(age));
            return new LockRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), "GRANTED".equals(rs.getString(7)), Optional.ofNullable(rs.getString(8)),
                    Optional.ofNullable(rs.getString(9)), Optional.ofNullable(rs.getString(10)),
                    Optional.ofNullable(rs.getString(11)),
                    Optional.ofNullable(rs.getString(12)).filter(x -> !x.isEmpty()), millis(rs, 13),
                    Optional.ofNullable(rs.getString(14)), Optional.ofNullable(rs.getString(15)), transactionAge);
        }

        Optional<TableName> table() {
            return "TABLE".equals(objectType) && schema != null && name != null
                    ? Optional.of(new TableName(schema, name)) : Optional.empty();
        }

        String describeLock() {
            return lockType + " on " + (schema == null ? objectType : name == null ? schema : schema + "." + name);
        }
    }
}
