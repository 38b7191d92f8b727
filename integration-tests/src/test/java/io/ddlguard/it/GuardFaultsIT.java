package io.ddlguard.it;

import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ddlguard.it.GuardRig.millisSince;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The guard when its own lock check fails or would hang: a catalog it reads is locked, a lock view is not readable
 * to its role, a {@code performance_schema} read fails midway. The statement then still runs, each attempt bounded
 * by the attempt timeout and all of them by {@code lockWait}; when it cannot get its locks in that time it is
 * refused, and the report says the lock check failed and why. Nothing hangs: every scenario ends well within
 * {@code lockWait} plus a generous slack for a loaded machine.
 */
class GuardFaultsIT {

    private static final Duration LOCK_WAIT = Duration.ofSeconds(2);
    /** Far below "forever", far above any scheduling delay. */
    private static final long BOUND_MILLIS = LOCK_WAIT.toMillis() + 8_000;

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnPostgresql {

        private DataSource superuser;
        private final List<Connection> open = new ArrayList<>();

        @BeforeAll
        void createDatabase() throws SQLException {
            superuser = PostgresServer.newDatabase("guard_faults_it");
            try (Connection c = superuser.getConnection()) {
                execute(c, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'faults_app') THEN"
                        + " CREATE ROLE faults_app LOGIN; END IF; END $$");
                execute(c, "GRANT ALL ON SCHEMA public TO faults_app");
            }
        }

        @BeforeEach
        void createTable() throws SQLException {
            try (Connection c = app().getConnection()) {
                execute(c, "DROP TABLE IF EXISTS t; CREATE TABLE t (id int)");
            }
        }

        @AfterEach
        void closeSessions() throws SQLException {
            for (Connection c : open) {
                c.rollback();
                c.close();
            }
            open.clear();
            try (Connection c = superuser.getConnection()) {
                execute(c, "GRANT SELECT ON pg_catalog.pg_locks TO PUBLIC");
            }
        }

        private DataSource app() {
            return PostgresServer.dataSource("guard_faults_it", "faults_app");
        }

        private DataSource guarded(DropPolicy policy) {
            return DdlGuard.builder().dropPolicy(policy).lockWait(LOCK_WAIT).build().wrap(app());
        }

        private Connection session(DataSource ds) throws SQLException {
            Connection c = ds.getConnection();
            c.setAutoCommit(false);
            open.add(c);
            return c;
        }

        @Test
        void aLockedLockViewBoundsTheCheckAndTheDropStillRuns() throws SQLException {
            Connection locker = session(superuser);
            try (Connection c = guarded(DropPolicy.FAIL).getConnection()) {
                execute(c, "SET statement_timeout = '15s'"); // without the guard's bound this test fails, not hangs
                execute(locker, "LOCK TABLE pg_catalog.pg_locks IN ACCESS EXCLUSIVE MODE");
                long started = System.nanoTime();
                execute(c, "DROP TABLE t");
                assertThat(millisSince(started)).as("the check waited at most one attempt timeout")
                        .isLessThan(BOUND_MILLIS);
            }
            try (Connection c = superuser.getConnection()) {
                assertThat(PooledDatabase.exists(c, "SELECT 1 FROM pg_class WHERE oid = to_regclass('t')")).isFalse();
            }
        }

        @Test
        void aLockedCatalogThatAlsoBlocksTheDropIsRefusedWithinLockWaitSayingTheCheckFailed() throws SQLException {
            Connection locker = session(superuser);
            long started;
            DropBlockedException refused;
            try (Connection c = guarded(DropPolicy.FAIL).getConnection()) {
                execute(c, "SET statement_timeout = '15s'"); // without the guard's bound this test fails, not hangs
                execute(locker, "LOCK TABLE pg_catalog.pg_class IN ACCESS EXCLUSIVE MODE");
                started = System.nanoTime();
                refused = catchThrowableOfType(DropBlockedException.class, () -> execute(c, "DROP TABLE t"));
            }

            assertThat(millisSince(started)).isLessThan(BOUND_MILLIS);
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getMessage()).contains("the lock views could not be read")
                    .contains("lock timeout");
            assertThat(((SQLException) refused.getCause()).getSQLState()).isEqualTo("55P03");
            locker.rollback();
            try (Connection c = superuser.getConnection()) {
                assertThat(PooledDatabase.exists(c, "SELECT 1 FROM pg_class WHERE oid = to_regclass('t')")).isTrue();
            }
        }

        @Test
        void aLockViewTheRoleMayNotReadLeavesTheDropToBoundedAttempts() throws SQLException {
            try (Connection c = superuser.getConnection()) {
                execute(c, "REVOKE SELECT ON pg_catalog.pg_locks FROM PUBLIC");
            }
            Connection holder = session(app());
            readAll(holder, "select * from t");

            long started = System.nanoTime();
            DropBlockedException refused;
            try (Connection c = guarded(DropPolicy.FAIL).getConnection()) {
                refused = catchThrowableOfType(DropBlockedException.class, () -> execute(c, "DROP TABLE t"));
            }

            assertThat(millisSince(started)).isLessThan(BOUND_MILLIS);
            assertThat((Throwable) refused).isNotNull();
            assertThat(refused.getMessage()).contains("the lock views could not be read")
                    .contains("permission denied");
            assertThat(refused.waited()).isGreaterThanOrEqualTo(LOCK_WAIT);

            holder.rollback();
            try (Connection c = guarded(DropPolicy.FAIL).getConnection()) {
                execute(c, "DROP TABLE t"); // nothing holds it now: it runs, unchecked but bounded
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnMariadb {

        private static final String DATABASE = "guard_faults_it";
        private MariaDbServer server;
        private DataSource root;
        private DataSource app;
        private MariaDbSessions sessions;

        @BeforeAll
        void createDatabaseAndUser() {
            server = MariaDbServer.withPerformanceSchema();
            root = server.createDatabase(DATABASE);
            app = server.appUser(DATABASE, "faults_app");
        }

        @BeforeEach
        void createTable() throws SQLException {
            sessions = new MariaDbSessions(root);
            try (Connection c = root.getConnection()) {
                execute(c, "DROP TABLE IF EXISTS audit");
                execute(c, "CREATE TABLE audit (id INT PRIMARY KEY) ENGINE=InnoDB");
            }
        }

        @AfterEach
        void close() throws Exception {
            sessions.close();
        }

        private DataSource app() {
            return app;
        }

        @Test
        void aPerformanceSchemaReadThatStartsFailingMidwayFallsBackToTheProcessListAndSaysWhy() throws Exception {
            Connection holder = sessions.inTransaction();
            readAll(holder, "SELECT * FROM audit");
            long holderId = MariaDbSessions.id(holder);
            DataSource guarded = DdlGuard.builder().dropPolicy(DropPolicy.FAIL).lockWait(LOCK_WAIT).build()
                    .wrap(app());

            try (Connection c = guarded.getConnection()) {
                DropBlockedException exact = catchThrowableOfType(DropBlockedException.class,
                        () -> execute(c, "DROP TABLE audit"));
                assertThat(exact.blockers()).singleElement()
                        .satisfies(h -> assertThat(h.pid()).hasValue(holderId));
                assertThat(exact.getMessage()).doesNotContain("Note:");

                try (Connection r = root.getConnection()) {
                    for (String host : MariaDbServer.ACCOUNT_HOSTS) {
                        execute(r, "REVOKE SELECT ON performance_schema.* FROM 'faults_app'@'" + host + "'");
                    }
                }

                long started = System.nanoTime();
                DropBlockedException approximate = catchThrowableOfType(DropBlockedException.class,
                        () -> execute(c, "DROP TABLE audit"));
                assertThat(millisSince(started)).isLessThan(BOUND_MILLIS);
                assertThat(approximate.getMessage()).contains("Note:").contains("performance_schema")
                        .contains("denied");
                assertThat(approximate.blockers()).anySatisfy(h -> assertThat(h.pid()).hasValue(holderId));
            } finally {
                try (Connection r = root.getConnection()) {
                    for (String host : MariaDbServer.ACCOUNT_HOSTS) {
                        execute(r, "GRANT SELECT ON performance_schema.* TO 'faults_app'@'" + host + "'");
                    }
                }
            }
            holder.rollback();
            try (Connection c = guarded.getConnection()) {
                execute(c, "DROP TABLE audit");
            }
        }
    }
}
