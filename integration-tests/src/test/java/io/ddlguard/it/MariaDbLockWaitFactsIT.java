package io.ddlguard.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How MariaDB 11.4 bounds a DDL statement's wait for a metadata lock, measured: what {@code lock_wait_timeout}
 * accepts, {@code WAIT n} and {@code NOWAIT}, how fast each fails and with which error. A reader's open
 * transaction holds the lock throughout. The numbers are written down in dialect-rules/LOCKS-other-engines.md.
 */
class MariaDbLockWaitFactsIT {

    private static DataSource dataSource;
    private MariaDbSessions sessions;
    private Connection ddl;

    @BeforeAll
    static void createTable() throws SQLException {
        dataSource = MariaDbServer.newDatabase("lock_wait_facts_it");
        try (Connection c = dataSource.getConnection()) {
            execute(c, "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB");
        }
    }

    @BeforeEach
    void holdTheTable() throws SQLException {
        sessions = new MariaDbSessions(dataSource);
        readAll(sessions.inTransaction(), "SELECT * FROM t");
        ddl = sessions.autocommit();
    }

    @AfterEach
    void release() throws SQLException {
        sessions.close();
    }

    /** Runs {@code sql}, which must fail, and returns the failure with how long it took. */
    private Failure fail(String sql) {
        long start = System.nanoTime();
        try {
            execute(ddl, sql);
        } catch (SQLException e) {
            Failure f = new Failure(e, (System.nanoTime() - start) / 1_000_000);
            System.out.printf("MariaDB: %s -> %d %s after %d ms: %s%n", sql, e.getErrorCode(), e.getSQLState(),
                    f.millis, e.getMessage());
            return f;
        }
        throw new AssertionError(sql + " did not fail");
    }

    private record Failure(SQLException e, long millis) {
        void isLockWaitTimeout() {
            assertThat(e.getErrorCode()).isEqualTo(1205);
            assertThat(e.getSQLState()).isEqualTo("HY000");
            assertThat(e.getMessage()).endsWith("Lock wait timeout exceeded; try restarting transaction");
        }
    }

    @Test
    void theDefaultLockWaitTimeoutIsOneDay() throws SQLException {
        assertThat(PooledDatabase.single(ddl, "SELECT @@GLOBAL.lock_wait_timeout")).isEqualTo(86_400);
    }

    @Test
    void lockWaitTimeoutTakesWholeSecondsOnly() throws SQLException {
        for (String value : new String[] {"0.5", "0.001", "'500ms'"}) {
            Failure f = fail("SET SESSION lock_wait_timeout = " + value);
            assertThat(f.e.getErrorCode()).isEqualTo(1232);
            assertThat(f.e.getSQLState()).isEqualTo("42000");
            assertThat(f.e.getMessage()).contains("Incorrect argument type to variable 'lock_wait_timeout'");
        }
        Failure f = fail("SET STATEMENT lock_wait_timeout = 0.5 FOR DROP TABLE t");
        assertThat(f.e.getErrorCode()).isEqualTo(1232);
        assertThat(PooledDatabase.single(ddl, "SELECT @@SESSION.lock_wait_timeout")).isEqualTo(86_400);
    }

    @Test
    void oneSecondFailsAfterOneSecond() throws SQLException {
        execute(ddl, "SET SESSION lock_wait_timeout = 1");
        Failure f = fail("DROP TABLE t");
        f.isLockWaitTimeout();
        assertThat(f.millis).isBetween(900L, 3_000L);
    }

    @Test
    void zeroFailsAtOnce() throws SQLException {
        execute(ddl, "SET SESSION lock_wait_timeout = 0");
        Failure f = fail("DROP TABLE t");
        f.isLockWaitTimeout();
        assertThat(f.millis).isLessThan(500);
    }

    @Test
    void setStatementBoundsOneStatement() throws SQLException {
        Failure f = fail("SET STATEMENT lock_wait_timeout = 1 FOR DROP TABLE t");
        f.isLockWaitTimeout();
        assertThat(f.millis).isBetween(900L, 3_000L);
        assertThat(PooledDatabase.single(ddl, "SELECT @@SESSION.lock_wait_timeout")).isEqualTo(86_400);
    }

    @Test
    void dropTableNowaitAndWaitZeroFailAtOnce() {
        for (String sql : new String[] {"DROP TABLE t NOWAIT", "DROP TABLE t WAIT 0", "DROP TABLE IF EXISTS t NOWAIT",
                "ALTER TABLE t NOWAIT ADD COLUMN c INT", "ALTER TABLE t WAIT 0 ADD COLUMN c INT",
                "TRUNCATE TABLE t NOWAIT", "RENAME TABLE t NOWAIT TO u", "LOCK TABLES t WRITE NOWAIT"}) {
            Failure f = fail(sql);
            f.isLockWaitTimeout();
            assertThat(f.millis).as(sql).isLessThan(500);
        }
    }

    @Test
    void dropTableWaitNWaitsNSeconds() {
        Failure f = fail("DROP TABLE t WAIT 1");
        f.isLockWaitTimeout();
        assertThat(f.millis).isBetween(900L, 3_000L);
    }

    @Test
    void aTimedOutDropLeavesTheTableAndTheOtherTransactionAlone() throws SQLException {
        fail("DROP TABLE t NOWAIT");
        assertThat(PooledDatabase.single(ddl, "SELECT COUNT(*) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'")).isEqualTo(1);
    }
}
