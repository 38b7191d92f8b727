package io.ddlguard.internal.guard;

import io.ddlguard.LockHolder;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlSecrets;
import io.ddlguard.dialect.TableName;
import io.ddlguard.dialect.mysql.MySqlLockConflict;
import io.ddlguard.dialect.mysql.MySqlLockInspector;
import io.ddlguard.dialect.mysql.MySqlLockReport;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.DropTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The MariaDB and MySQL guard. Every DDL statement runs with the session's {@code lock_wait_timeout} (metadata
 * locks) and {@code innodb_lock_wait_timeout} (the row locks a {@code DROP TABLE} of a parent table can meet with
 * {@code foreign_key_checks = 0}) set for the attempt, and a timeout (error 1205) is retried within the budget.
 * Both settings take whole seconds, so an attempt timeout under a second becomes 0: on MariaDB the attempt then
 * fails at once instead of queueing ({@code NOWAIT}), and no other session ever waits behind it; MySQL's minimum
 * is 1 s. Because such an attempt costs nobody anything, it is the check: the holders are read only after it
 * failed, from {@code performance_schema.metadata_locks} when its metadata-lock instrument is on, else
 * approximately from {@code PROCESSLIST} and {@code INNODB_TRX} ({@link MySqlLockInspector}), and the report says
 * which. A DDL statement commits the session's transaction before it runs, so there are no savepoints and the
 * session's own transaction never blocks it. Sessions are ended with {@code KILL CONNECTION}, never an
 * administrator's ({@link #terminate}). Thread-safe.
 */
final class MySqlGuard extends PolicyGuard {

    /** {@code ER_LOCK_WAIT_TIMEOUT}: "Lock wait timeout exceeded; try restarting transaction". */
    static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final String READ_TIMEOUTS =
            "select @@session.lock_wait_timeout, @@session.innodb_lock_wait_timeout";
    /** The tables whose foreign keys reference a table: a DROP of it can wait for their writers' row locks. */
    private static final String CHILDREN = "select CONSTRAINT_SCHEMA, TABLE_NAME"
            + " from information_schema.REFERENTIAL_CONSTRAINTS"
            + " where UNIQUE_CONSTRAINT_SCHEMA = ? and REFERENCED_TABLE_NAME = ?";

    /** The user a connection logged in as. */
    private static final String SESSION_USER = "select USER from information_schema.PROCESSLIST where ID = ?";
    /** The global privileges of the accounts whose grantee matches a pattern; every account has at least USAGE. */
    private static final String GRANTS = "select distinct PRIVILEGE_TYPE from information_schema.USER_PRIVILEGES"
            + " where GRANTEE like ? escape '!'";
    /**
     * Privileges that make an account an administrator's, whose connections TERMINATE never ends: each lets it
     * end other users' connections (MariaDB's {@code CONNECTION ADMIN}, MySQL 8's {@code CONNECTION_ADMIN}) or
     * protects it from that ({@code SYSTEM_USER}).
     */
    private static final Set<String> PRIVILEGED = Set.of("SUPER", "CONNECTION ADMIN", "CONNECTION_ADMIN",
            "SYSTEM_USER");

    private final MySqlLockInspector inspector = new MySqlLockInspector();
    private final DialectRules rules;
    /** The least whole-second timeout the server takes: 0 on MariaDB, 1 on MySQL. */
    private final int minimumSeconds;

    /**
     * @param rules the dialect's rules; MariaDB's (family mysql, name mariadb) allow attempts that do not wait
     */
    MySqlGuard(String name, GuardSettings settings, ConnectionRegistry registry, DialectRules rules) {
        super(name, settings, registry);
        this.rules = rules;
        this.minimumSeconds = (int) rules.minimumLockWait().toSeconds();
    }

    @Override
    Inspection inspect(Connection connection, List<DdlElement> elements) {
        return new Views(elements);
    }

    /** The holders as the server's views show them, read after an attempt timed out. */
    private final class Views extends Inspection.AttemptFirst {
        private List<TableName> tables;
        private MySqlLockReport last;

        Views(List<DdlElement> elements) {
            super(elements);
        }

        @Override
        public boolean exact() {
            return last == null || last.exact();
        }

        @Override
        public String limitation() {
            return last == null ? "" : last.limitation().orElse("");
        }

        @Override
        public List<LockHolder> holders(Connection connection) throws SQLException {
            if (tables == null) {
                tables = tables(connection, elements());
            }
            last = inspector.inspect(connection, tables);
            String server = server(connection);
            Instant now = Instant.now();
            List<LockHolder> holders = new ArrayList<>();
            for (MySqlLockConflict c : last.conflicts()) {
                holders.add(holder(c, server, now));
            }
            return BlockerReport.rootsFirst(holders);
        }
    }

    /** The statement's tables and, for a {@code DROP TABLE}, the tables whose foreign keys reference them. */
    private List<TableName> tables(Connection connection, List<DdlElement> elements) throws SQLException {
        List<TableName> named = TableName.lockedBy(elements, rules, currentDatabase(connection));
        Set<TableName> tables = new LinkedHashSet<>(named);
        if (elements.stream().anyMatch(e -> e instanceof DropTable)) {
            try (PreparedStatement ps = connection.prepareStatement(CHILDREN)) {
                for (TableName parent : named) {
                    ps.setString(1, parent.schema());
                    ps.setString(2, parent.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            tables.add(new TableName(rs.getString(1), rs.getString(2)));
                        }
                    }
                }
            }
        }
        return List.copyOf(tables);
    }

    /**
     * The connection's current database, for unqualified names: {@code getCatalog()}, or {@code getSchema()} where
     * Connector/J runs with {@code databaseTerm=SCHEMA} and the catalog is null.
     */
    static String currentDatabase(Connection connection) throws SQLException {
        String catalog = connection.getCatalog();
        return catalog != null ? catalog : connection.getSchema();
    }

    private LockHolder holder(MySqlLockConflict c, String server, Instant now) {
        String relation = c.table().map(TableName::toString).orElse(switch (c.cause()) {
            case GLOBAL_LOCK -> "every table (a global lock)";
            default -> "tables it used (which ones cannot be seen without performance_schema)";
        });
        String mode = c.lockType().orElse(switch (c.cause()) {
            case IN_TRANSACTION -> "an open transaction's locks";
            case RUNNING_STATEMENT -> "a running statement's locks";
            case WAITING_FOR_LOCK -> "a metadata lock";
            default -> "a metadata lock";
        });
        Optional<String> state = c.command().map(command -> c.state().filter(s -> !s.isEmpty())
                .map(s -> command + ", " + s).orElse(command));
        return new LockHolder(OptionalLong.of(c.connectionId()), Optional.empty(), relation, mode, c.granted(), false,
                state, c.stateTime().map(now::minus), c.transactionAge().map(now::minus),
                c.query().or(c::lastStatement).map(q -> SqlSecrets.redact(q, rules)), c.user(), Optional.empty(),
                c.host(), Optional.empty(), c.blockedBy(),
                origin(server, c.connectionId()), List.of(), Optional.empty());
    }

    @Override
    String setAttemptTimeout(Connection connection, long millis, boolean inTransaction) throws SQLException {
        String previous;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery(READ_TIMEOUTS)) {
                rs.next();
                previous = rs.getLong(1) + "," + rs.getLong(2);
            }
            long seconds = Math.max(minimumSeconds, millis / 1000);
            s.execute(setTimeouts(seconds, seconds));
        }
        return previous;
    }

    @Override
    void restoreAttemptTimeout(Connection connection, String previous, boolean inTransaction) throws SQLException {
        int comma = previous.indexOf(',');
        try (Statement s = connection.createStatement()) {
            s.execute(setTimeouts(Long.parseLong(previous.substring(0, comma)),
                    Long.parseLong(previous.substring(comma + 1))));
        }
    }

    private static String setTimeouts(long lockWait, long innodbLockWait) {
        return "set session lock_wait_timeout = " + lockWait + ", session innodb_lock_wait_timeout = "
                + innodbLockWait;
    }

    @Override
    boolean isLockTimeout(SQLException e) {
        return anyInChain(e, x -> x.getErrorCode() == LOCK_WAIT_TIMEOUT);
    }

    /**
     * Ends connection {@code pid} unless its account holds a privilege that makes it an administrator's
     * ({@link #PRIVILEGED}) or its privileges cannot be read. The account is the connection's user name: PROCESSLIST
     * does not say which host pattern it matched, so a grant to any account of that name counts. Privileges a user
     * holds only through a role are not seen.
     */
    @Override
    Termination terminate(Connection connection, long pid, Optional<Instant> started) throws SQLException {
        String user;
        try (PreparedStatement ps = connection.prepareStatement(SESSION_USER)) {
            ps.setLong(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Termination.GONE;
                }
                user = rs.getString(1);
            }
        }
        if (user == null) {
            return Termination.spared("it has no user: a server thread");
        }
        Set<String> privileges = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(GRANTS)) {
            ps.setString(1, grantees(user));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    privileges.add(rs.getString(1));
                }
            }
        }
        if (privileges.isEmpty()) {
            return Termination.spared("the privileges of its user '" + user + "' cannot be read: "
                    + "information_schema.USER_PRIVILEGES shows another user's grants only to an account that may"
                    + " read the mysql schema");
        }
        privileges.retainAll(PRIVILEGED);
        if (!privileges.isEmpty()) {
            return Termination.spared("its user '" + user + "' has " + String.join(", ", privileges));
        }
        try (Statement s = connection.createStatement()) {
            s.execute("kill connection " + pid);
            return Termination.ENDED;
        }
    }

    /** A LIKE pattern (escape {@code !}) matching {@code GRANTEE} values {@code 'user'@'any host'}. */
    static String grantees(String user) {
        String quoted = "'" + user.replace("'", "''") + "'@";
        StringBuilder pattern = new StringBuilder(quoted.length() + 2);
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '!' || c == '_' || c == '%') {
                pattern.append('!');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    @Override
    boolean transactionalDdl() {
        return false;
    }

    @Override
    SessionIds sessionIds() {
        return SessionIds.MYSQL;
    }

    @Override
    String serverKey(String url) {
        return authority(super.serverKey(url));
    }

    @Override
    String sessionWord() {
        return "connection";
    }
}
