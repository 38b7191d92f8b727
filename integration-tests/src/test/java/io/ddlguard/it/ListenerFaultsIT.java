package io.ddlguard.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.ddlguard.DdlGuard;
import io.ddlguard.DdlListenerException;
import io.ddlguard.DdlVetoException;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.Target;
import org.mariadb.jdbc.MariaDbDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Listeners that misbehave, on PostgreSQL (and MariaDB, below) through HikariCP: one that hangs in the database or
 * in Java is cut off by the listener timeout and reported like any failing listener; one that closes the connection
 * it was given is refused. In every case the caller's connection stays open and usable, with the same server
 * session, and goes back to the pool healthy. (A listener that throws is covered by {@code EventsSemanticsIT} and
 * {@code HikariPoolIT}.)
 */
class ListenerFaultsIT {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static HikariDataSource pool;

    private DdlEvents events;

    @BeforeAll
    static void openPool() {
        HikariConfig config = new HikariConfig();
        config.setDataSource(PostgresServer.newDatabase("listener_faults_it"));
        config.setPoolName("listener-faults");
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(2);
        pool = new HikariDataSource(config);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void clean() throws SQLException {
        events = new DdlEvents();
        try (Connection c = pool.getConnection()) {
            execute(c, "DROP TABLE IF EXISTS t");
        }
    }

    private DataSource guarded(DdlEvent event, DdlListener listener) {
        events.listen(Target.table("t"), event, listener);
        return DdlGuard.builder().events(events).listenerTimeout(TIMEOUT).build().wrap(pool);
    }

    @Test
    void aBeforeListenerStuckInTheDatabaseIsCancelledAndVetoesTheStatement() throws SQLException {
        DataSource ds = guarded(DdlEvent.BEFORE_CREATE, ctx -> execute(ctx.connection(), "select pg_sleep(600)"));

        try (Connection c = ds.getConnection()) {
            int session = pid(c);
            DdlVetoException veto = catchThrowableOfType(DdlVetoException.class,
                    () -> execute(c, "CREATE TABLE t (id int)"));

            assertThat((Throwable) veto).isNotNull();
            SQLException timedOut = (SQLException) veto.getCause();
            assertThat(timedOut.getSQLState()).isEqualTo("DG004");
            assertThat((Throwable) timedOut).hasMessageContaining("within 300 ms");
            assertThat(((SQLException) timedOut.getCause()).getSQLState()).as("PostgreSQL's query_canceled")
                    .isEqualTo("57014");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(tableExists(c)).isFalse();
            assertThat(pid(c)).isEqualTo(session);
        }
        assertPoolHealthy();
    }

    @Test
    void anAfterListenerStuckInJavaIsInterruptedAndReportedWhileTheStatementStands() throws SQLException {
        DataSource ds = guarded(DdlEvent.AFTER_CREATE, ctx -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw new SQLException("interrupted", e);
            }
        });

        try (Connection c = ds.getConnection()) {
            DdlListenerException failed = catchThrowableOfType(DdlListenerException.class,
                    () -> execute(c, "CREATE TABLE t (id int)"));

            assertThat((Throwable) failed).isNotNull();
            assertThat(((SQLException) failed.getCause()).getSQLState()).isEqualTo("DG004");
            assertThat(failed.getCause()).hasRootCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the watchdog's interrupt is cleared").isFalse();
            assertThat(tableExists(c)).isTrue();
        }
        assertPoolHealthy();
    }

    @Test
    void aListenerThatFinishesInTimeRunsInTheStatementsTransactionAsWithoutATimeout() throws SQLException {
        DataSource ds = guarded(DdlEvent.AFTER_CREATE, ctx -> execute(ctx.connection(),
                "INSERT INTO t VALUES (1)"));

        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            execute(c, "CREATE TABLE t (id int)");
            c.rollback();
            assertThat(tableExists(c)).as("the rollback undid the statement and the listener's insert").isFalse();
            c.setAutoCommit(true);
            execute(c, "CREATE TABLE t (id int)");
            assertThat(count(c)).isEqualTo(1);
        }
        assertPoolHealthy();
    }

    @Test
    void aBeforeListenerThatClosesItsConnectionIsRefusedAndVetoesAndTheConnectionStaysOpen() throws SQLException {
        DataSource ds = guarded(DdlEvent.BEFORE_CREATE, ctx -> {
            try (Connection mine = ctx.connection(); Statement s = mine.createStatement()) {
                s.execute("select 1");
            }
        });

        try (Connection c = ds.getConnection()) {
            int session = pid(c);
            DdlVetoException veto = catchThrowableOfType(DdlVetoException.class,
                    () -> execute(c, "CREATE TABLE t (id int)"));

            assertThat(((SQLException) veto.getCause()).getSQLState()).isEqualTo("DG005");
            assertThat(veto.getCause()).hasMessageContaining("a listener cannot close ctx.connection()");
            assertThat(c.isClosed()).isFalse();
            assertThat(tableExists(c)).isFalse();
            assertThat(pid(c)).isEqualTo(session);
        }
        assertPoolHealthy();
    }

    @Test
    void anAfterListenerThatClosesItsConnectionIsReportedAndTheConnectionStaysUsable() throws SQLException {
        DataSource ds = guarded(DdlEvent.AFTER_CREATE, ctx -> ctx.connection().close());

        try (Connection c = ds.getConnection()) {
            DdlListenerException failed = catchThrowableOfType(DdlListenerException.class,
                    () -> execute(c, "CREATE TABLE t (id int)"));

            assertThat(((SQLException) failed.getCause()).getSQLState()).isEqualTo("DG005");
            assertThat(c.isClosed()).isFalse();
            execute(c, "INSERT INTO t VALUES (1)");
            assertThat(count(c)).isEqualTo(1);
        }
        assertPoolHealthy();
    }

    private static void assertPoolHealthy() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        assertThat(mx.getActiveConnections()).isZero();
        assertThat(mx.getTotalConnections()).as("no connection was evicted").isEqualTo(2);
    }

    private static boolean tableExists(Connection c) throws SQLException {
        return PooledDatabase.exists(c, "SELECT 1 FROM pg_class WHERE oid = to_regclass('t')");
    }

    private static long count(Connection c) throws SQLException {
        return PooledDatabase.single(c, "SELECT count(*) FROM t");
    }

    /**
     * The same cut-off on MariaDB, where Connector/J cancels with {@code KILL QUERY} from a second connection: a
     * listener waiting for a row lock another session holds is interrupted (error 1317) and vetoes the statement.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnMariaDb {

        private HikariDataSource mariadb;
        private Connection rowHolder;

        @BeforeAll
        void openPool() throws SQLException {
            HikariConfig config = PooledDatabase.MARIADB.config("listener_faults_it");
            config.setPoolName("listener-faults-mariadb");
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(2);
            mariadb = new HikariDataSource(config);
            try (Connection c = mariadb.getConnection()) {
                execute(c, "CREATE TABLE locked (id INT PRIMARY KEY, n INT) ENGINE=InnoDB");
                execute(c, "INSERT INTO locked VALUES (1, 0)");
            }
        }

        @AfterAll
        void closePool() {
            mariadb.close();
        }

        @BeforeEach
        void holdTheRow() throws SQLException {
            try (Connection c = mariadb.getConnection()) {
                execute(c, "DROP TABLE IF EXISTS t");
            }
            rowHolder = new MariaDbDataSource(MariaDbServer.shared().jdbcUrl("listener_faults_it")).getConnection();
            rowHolder.setAutoCommit(false);
            execute(rowHolder, "UPDATE locked SET n = n + 1 WHERE id = 1");
        }

        @AfterEach
        void releaseTheRow() throws SQLException {
            rowHolder.rollback();
            rowHolder.close();
        }

        @Test
        void aBeforeListenerWaitingForARowLockIsKilledAndVetoesTheStatement() throws SQLException {
            events.listen(Target.table("t"), DdlEvent.BEFORE_CREATE,
                    ctx -> execute(ctx.connection(), "UPDATE locked SET n = n + 1 WHERE id = 1"));
            DataSource ds = DdlGuard.builder().events(events).listenerTimeout(TIMEOUT).build().wrap(mariadb);

            try (Connection c = ds.getConnection()) {
                long session = MariaDbSessions.id(c);
                long started = System.nanoTime();
                DdlVetoException veto = catchThrowableOfType(DdlVetoException.class,
                        () -> execute(c, "CREATE TABLE t (id INT)"));

                assertThat((Throwable) veto).isNotNull();
                assertThat(GuardRig.millisSince(started)).as("cut off near the 300 ms timeout, not after the"
                        + " server's 50 s lock wait").isLessThan(10_000);
                SQLException timedOut = (SQLException) veto.getCause();
                assertThat(timedOut.getSQLState()).isEqualTo("DG004");
                assertThat(((SQLException) timedOut.getCause()).getErrorCode()).as("ER_QUERY_INTERRUPTED")
                        .isEqualTo(1317);
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
                assertThat(MariaDbSessions.id(c)).as("KILL QUERY, not KILL CONNECTION").isEqualTo(session);
                assertThat(PooledDatabase.MARIADB.tableExists(c, "t")).isFalse();
            }
            HikariPoolMXBean mx = mariadb.getHikariPoolMXBean();
            assertThat(mx.getActiveConnections()).isZero();
            assertThat(mx.getTotalConnections()).as("no connection was evicted").isEqualTo(2);
        }
    }
}
