package io.ddlguard.it;

import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.it.GuardRig.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.GuardRig.millisSince;
import static io.ddlguard.it.GuardRig.refuse;
import static io.ddlguard.it.MariaDbSessions.awaitState;
import static io.ddlguard.it.MariaDbSessions.id;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard on embedded MariaDB 11.4, with {@code performance_schema}'s metadata-lock instrument on (exact report)
 * and off (MariaDB's default: approximate report). Holders are real sessions holding real metadata locks, most of
 * them borrowed through the guard so that the report can name the line that borrowed them. Durations are measured
 * with {@link System#nanoTime()}; bounds are generous, since MariaDB's attempts (with an attempt timeout under a
 * second) do not wait at all.
 */
class DropGuardMariaDbIT {

    /** Slack for scheduling on a busy 2-core machine. */
    private static final long SLACK_MILLIS = 1_500;

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        DataSource plain;
        /** Other sessions, borrowed through a guard of the same {@link DdlGuard}, or plain. */
        MariaDbSessions own;
        MariaDbSessions foreign;
        Connection ddl;
        DdlGuard guard;
        DataSource guarded;
        private final List<CompletableFuture<?>> background = new ArrayList<>();

        abstract MariaDbServer server();

        abstract String database();

        @BeforeAll
        void createDatabase() throws SQLException {
            plain = server().createDatabase(database());
            try (Connection c = plain.getConnection()) {
                MariaDbSessions.createBigOrders(c);
            }
        }

        @BeforeEach
        void open() throws SQLException {
            useGuard(DropPolicy.FAIL, Duration.ofSeconds(10));
            foreign = new MariaDbSessions(plain);
            try (Connection c = plain.getConnection()) {
                // A lock leaked by an earlier test must fail setup fast, not hang it for MariaDB's default day.
                execute(c, "SET SESSION lock_wait_timeout = 5");
                execute(c, "DROP TABLE IF EXISTS child, parent, audit");
                execute(c, "CREATE TABLE audit (id INT PRIMARY KEY) ENGINE=InnoDB");
                execute(c, "INSERT INTO audit VALUES (1), (2), (3)");
            }
        }

        void useGuard(DropPolicy policy, Duration lockWait) throws SQLException {
            useGuard(policy, lockWait, plain);
        }

        /** A new guard whose sessions, the DDL session among them, log in through {@code dataSource}. */
        void useGuard(DropPolicy policy, Duration lockWait, DataSource dataSource) throws SQLException {
            if (own != null) {
                own.close();
            }
            guard = DdlGuard.builder().name("orders-db").dropPolicy(policy).lockWait(lockWait).build();
            guarded = guard.wrap(dataSource);
            own = new MariaDbSessions(guarded);
            ddl = own.autocommit();
        }

        @AfterEach
        void close() throws Exception {
            try (MariaDbSessions a = own; MariaDbSessions b = foreign) {
                // closes both, even when one fails
            } finally {
                for (CompletableFuture<?> f : background) {
                    f.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
                }
            }
        }

        boolean exists(String table) throws SQLException {
            try (Connection c = plain.getConnection()) {
                return PooledDatabase.single(c, "SELECT COUNT(*) FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "'") == 1;
            }
        }

        static LockHolder holder(DropBlockedException e, long id) {
            List<LockHolder> found = e.blockers().stream()
                    .filter(h -> h.pid().isPresent() && h.pid().getAsLong() == id).toList();
            assertThat(found).as("holders named in %s", e.getMessage()).isNotEmpty();
            return found.get(0);
        }

        /** The server's count of {@code DROP TABLE} statements run, failed ones included. */
        long dropsRun() throws SQLException {
            try (Connection c = plain.getConnection()) {
                return PooledDatabase.single(c, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                        + " WHERE VARIABLE_NAME = 'COM_DROP_TABLE'");
            }
        }

        /** Waits until the server has run {@code more} DROP TABLE statements after {@code before}: attempts. */
        void awaitAttempts(long before, int more) throws SQLException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (dropsRun() < before + more) {
                assertThat(System.nanoTime()).as("%d DROP attempts within 10 s", more).isLessThan(deadline);
                Thread.sleep(10);
            }
        }

        abstract void describesTheLock(LockHolder holder, DropBlockedException e);

        @Test
        void anOpenTransactionRefusesTheDropAtOnceNamingTheHolderAndWhereItWasBorrowed() throws SQLException {
            Connection holder = own.inTransaction();
            readAll(holder, "SELECT * FROM audit WHERE id = 1");

            Refusal r = refuse(ddl, "DROP TABLE audit");

            assertThat(r.millis()).as("FAIL refuses well before lockWait (10 s)").isLessThan(SLACK_MILLIS);
            DropBlockedException e = r.exception();
            assertThat(e.getSQLState()).isEqualTo("55P03");
            assertThat(e.getCause()).isInstanceOfSatisfying(SQLException.class,
                    c -> assertThat(c.getErrorCode()).isEqualTo(1205));
            LockHolder h = holder(e, id(holder));
            assertThat(h.origin()).hasValueSatisfying(o -> {
                assertThat(o.dataSource()).isEqualTo("orders-db");
                assertThat(o.autoCommit()).isFalse();
                assertThat(o.stack()).anySatisfy(f -> assertThat(f.getMethodName())
                        .isEqualTo("anOpenTransactionRefusesTheDropAtOnceNamingTheHolderAndWhereItWasBorrowed"));
            });
            assertThat(h.state()).hasValueSatisfying(s -> assertThat(s).startsWith("Sleep"));
            assertThat(e.getMessage()).contains("connection " + id(holder) + " holds ")
                    .contains("this application's connection, from orders-db");
            describesTheLock(h, e);
            assertThat(exists("audit")).isTrue();

            holder.commit();
            execute(ddl, "DROP TABLE audit");
            assertThat(exists("audit")).isFalse();
        }

        @Test
        void aStreamingResultSetInAutocommitBlocksUntilClosedAndIsNamedWithItsSql() throws Exception {
            Connection streaming = own.autocommit();
            long streamingId = id(streaming);
            try (Statement s = streaming.createStatement()) {
                s.setFetchSize(1);
                try (ResultSet rs = s.executeQuery("SELECT * FROM orders")) {
                    assertThat(rs.next()).isTrue();
                    awaitState(ddl, streamingId, "Writing to net");

                    Refusal r = refuse(ddl, "ALTER TABLE orders COMMENT 'guarded'");

                    assertThat(r.millis()).isLessThan(SLACK_MILLIS);
                    LockHolder h = holder(r.exception(), streamingId);
                    assertThat(h.query()).hasValueSatisfying(q -> assertThat(q).contains("SELECT * FROM orders"));
                    assertThat(h.origin()).hasValueSatisfying(
                            o -> assertThat(o.openResultSets()).containsExactly("SELECT * FROM orders"));
                    assertThat(r.exception().getMessage()).contains("unclosed result set: SELECT * FROM orders");
                }
            }
            execute(ddl, "ALTER TABLE orders COMMENT 'guarded'");
        }

        /**
         * LOCK TABLES ... WRITE takes an exclusive metadata lock: without the guard it waits for the reader up to
         * lock_wait_timeout (a day on MariaDB), and every later query on the table queues behind it.
         */
        @Test
        void lockTablesIsBoundedAndNamesTheHolder() throws Exception {
            useGuard(DropPolicy.FAIL, Duration.ofSeconds(2));
            Connection holder = own.inTransaction();
            readAll(holder, "SELECT * FROM audit WHERE id = 1");

            Refusal r = refuse(ddl, "LOCK TABLES audit WRITE");

            assertThat(r.millis()).as("refused within lockWait (2 s)").isLessThan(2_000 + SLACK_MILLIS);
            assertThat(r.exception().getCause()).isInstanceOfSatisfying(SQLException.class,
                    c -> assertThat(c.getErrorCode()).isEqualTo(1205));
            holder(r.exception(), id(holder));

            holder.commit();
            execute(ddl, "LOCK TABLES audit WRITE");
            execute(ddl, "UNLOCK TABLES");
        }

        /**
         * OPTIMIZE TABLE rebuilds an InnoDB table under an exclusive metadata lock. MariaDB reports its lock timeout
         * as a result row, not an error, so the guard cannot retry or report it: its one attempt is bounded, and the
         * caller reads the server's own verdict instead of waiting a day.
         */
        @Test
        void optimizeTableWaitsOneAttemptAtMostAndReportsTheTimeoutInItsResult() throws Exception {
            useGuard(DropPolicy.FAIL, Duration.ofSeconds(2));
            Connection holder = own.inTransaction();
            readAll(holder, "SELECT * FROM audit WHERE id = 1");

            long started = System.nanoTime();
            List<String> messages = new ArrayList<>();
            try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery("OPTIMIZE TABLE audit")) {
                while (rs.next()) {
                    messages.add(rs.getString("Msg_type") + ": " + rs.getString("Msg_text"));
                }
            }

            assertThat(millisSince(started)).isLessThan(SLACK_MILLIS);
            assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("error: Lock wait timeout exceeded"));
        }

        @Test
        void anIdleAutocommitSessionDoesNotStopTheDrop() throws SQLException {
            Connection idle = own.autocommit();
            readAll(idle, "SELECT * FROM audit");

            execute(ddl, "DROP TABLE audit");

            assertThat(exists("audit")).isFalse();
        }

        @Test
        void theDdlsOwnTransactionDoesNotStopIt() throws SQLException {
            ddl.setAutoCommit(false);
            readAll(ddl, "SELECT * FROM audit");
            execute(ddl, "INSERT INTO audit VALUES (4)");

            execute(ddl, "DROP TABLE audit");

            assertThat(exists("audit")).isFalse();
        }

        @Test
        void aThirdSessionsQueriesAreNotStalledWhileTheGuardWaitsAndTheDropRunsOnceTheHolderCommits()
                throws Exception {
            useGuard(DropPolicy.WAIT, Duration.ofSeconds(20));
            Connection holder = foreign.inTransaction();
            readAll(holder, "SELECT * FROM audit");
            Connection third = foreign.autocommit();
            long before = dropsRun();
            long started = System.nanoTime();
            CompletableFuture<Long> drop = new CompletableFuture<>();
            background.add(drop);
            Thread t = new Thread(() -> {
                try {
                    execute(ddl, "DROP TABLE audit");
                    drop.complete(millisSince(started));
                } catch (Throwable e) {
                    drop.completeExceptionally(e);
                }
            }, "guarded-drop");
            t.setDaemon(true);
            t.start();
            awaitAttempts(before, 1); // then it watches the lock views (exact) or attempts again (approximate)

            for (int i = 0; i < 5; i++) {
                long q = System.nanoTime();
                readAll(third, "SELECT COUNT(*) FROM audit");
                assertThat(millisSince(q)).as("a reader while the guarded DROP waits").isLessThan(SLACK_MILLIS);
            }
            assertThat(drop).isNotDone();
            long committed = millisSince(started);
            holder.commit();

            long took = drop.get(30, TimeUnit.SECONDS);
            assertThat(took).isGreaterThanOrEqualTo(committed).isLessThan(committed + SLACK_MILLIS);
            assertThat(exists("audit")).isFalse();
        }

        @Test
        void waitGivesUpAfterLockWaitNamingTheHolder() throws SQLException {
            useGuard(DropPolicy.WAIT, Duration.ofSeconds(2));
            Connection holder = foreign.inTransaction();
            readAll(holder, "SELECT * FROM audit");

            Refusal r = refuse(ddl, "DROP TABLE audit");

            assertThat(r.millis()).isBetween(2_000L, 2_000L + SLACK_MILLIS);
            LockHolder h = holder(r.exception(), id(holder));
            assertThat(h.origin()).as("a connection the guard did not hand out").isEmpty();
            assertThat(r.exception().policy()).isEqualTo(DropPolicy.WAIT);
            assertThat(exists("audit")).isTrue();
        }

        @Test
        void theSessionsLockTimeoutsAreRestoredWhetherTheDdlRanOrWasRefused() throws SQLException {
            execute(ddl, "SET SESSION lock_wait_timeout = 77, SESSION innodb_lock_wait_timeout = 33");
            execute(ddl, "CREATE TABLE scratch (id INT PRIMARY KEY)");
            execute(ddl, "DROP TABLE scratch");
            assertTimeouts(77, 33);

            Connection holder = foreign.inTransaction();
            readAll(holder, "SELECT * FROM audit");
            refuse(ddl, "DROP TABLE audit");
            assertTimeouts(77, 33);
        }

        private void assertTimeouts(long lockWait, long innodb) throws SQLException {
            assertThat(PooledDatabase.single(ddl, "SELECT @@SESSION.lock_wait_timeout")).isEqualTo(lockWait);
            assertThat(PooledDatabase.single(ddl, "SELECT @@SESSION.innodb_lock_wait_timeout")).isEqualTo(innodb);
        }

        @Test
        void aParentDroppedWithForeignKeyChecksOffDoesNotWaitOnAChildWritersRowLocks() throws SQLException {
            execute(ddl, "CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB");
            execute(ddl, "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT,"
                    + " FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB");
            execute(ddl, "INSERT INTO parent VALUES (1)");
            Connection writer = own.inTransaction();
            execute(writer, "INSERT INTO child VALUES (1, 1)");
            execute(ddl, "SET SESSION foreign_key_checks = 0");

            Refusal r = refuse(ddl, "DROP TABLE parent");

            assertThat(r.millis()).isLessThan(SLACK_MILLIS);
            assertThat(holder(r.exception(), id(writer)).origin()).isPresent();
            assertThat(exists("parent")).isTrue();
            writer.rollback();
            // no guarded cleanup DROP here: right after the rollback InnoDB's purge may hold the table's metadata
            // lock for a moment, which two NOWAIT attempts can meet (the next test's setup drops the tables)
        }
    }

    @Nested
    class WithPerformanceSchema extends Scenarios {
        @Override
        MariaDbServer server() {
            return MariaDbServer.withPerformanceSchema();
        }

        @Override
        String database() {
            return "drop_guard_ps_it";
        }

        @Test
        void terminateEndsThisApplicationsHolderButNotAnotherApplications() throws Exception {
            useGuard(DropPolicy.TERMINATE, Duration.ofSeconds(2), server().appUser(database(), "drop_guard_app"));
            Connection mine = own.inTransaction();
            readAll(mine, "SELECT * FROM audit");
            long mineId = id(mine);

            execute(ddl, "DROP TABLE audit");

            assertThat(exists("audit")).isFalse();
            try (Connection c = plain.getConnection()) {
                assertThat(PooledDatabase.single(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        + " WHERE ID = " + mineId)).isZero();
            }
            assertThat(mine.isValid(5)).as("the terminated connection").isFalse();
            try {
                mine.close();
            } catch (SQLException killed) {
                // the server ended the session: closing its socket may fail
            }

            execute(ddl, "CREATE TABLE audit (id INT PRIMARY KEY)");
            Connection theirs = foreign.inTransaction();
            readAll(theirs, "SELECT * FROM audit");
            Refusal r = refuse(ddl, "DROP TABLE audit");
            assertThat(holder(r.exception(), id(theirs)).origin()).isEmpty();
            assertThat(exists("audit")).isTrue();
        }

        @Test
        void terminateNeverEndsTheConnectionOfAnAdministratorsAccount() throws Exception {
            useGuard(DropPolicy.TERMINATE, Duration.ofSeconds(2)); // as root, which has SUPER
            Connection mine = own.inTransaction();
            readAll(mine, "SELECT * FROM audit");
            long mineId = id(mine);

            Refusal r = refuse(ddl, "DROP TABLE audit");

            assertThat(r.millis()).isBetween(2_000L, 2_000L + SLACK_MILLIS);
            assertThat(holder(r.exception(), mineId).origin()).isPresent();
            assertThat(r.exception().getMessage()).contains("Note: TERMINATE did not end connection " + mineId
                    + " (its user 'root' has SUPER");
            assertThat(mine.isValid(5)).as("root's connection").isTrue();
            assertThat(exists("audit")).isTrue();
        }

        @Test
        void terminateNeverEndsAConnectionWhosePrivilegesItCannotRead() throws Exception {
            DataSource other = server().appUser(database(), "drop_guard_other");
            useGuard(DropPolicy.TERMINATE, Duration.ofSeconds(2), server().appUser(database(), "drop_guard_app"));
            try (MariaDbSessions others = new MariaDbSessions(guard.wrap(other))) {
                Connection theirs = others.inTransaction();
                readAll(theirs, "SELECT * FROM audit");

                Refusal r = refuse(ddl, "DROP TABLE audit");

                assertThat(r.millis()).isBetween(2_000L, 2_000L + SLACK_MILLIS);
                assertThat(holder(r.exception(), id(theirs)).origin()).as("borrowed through the guard").isPresent();
                assertThat(r.exception().getMessage()).contains("TERMINATE did not end connection " + id(theirs)
                        + " (the privileges of its user 'drop_guard_other' cannot be read");
                assertThat(theirs.isValid(5)).isTrue();
                assertThat(exists("audit")).isTrue();
            }
        }

        @Override
        void describesTheLock(LockHolder h, DropBlockedException e) {
            assertThat(h.relation()).isEqualTo(database() + ".audit");
            assertThat(h.mode()).isEqualTo("SHARED_READ");
            assertThat(h.granted()).isTrue();
            assertThat(e.getMessage()).doesNotContain("Note:");
        }
    }

    @Nested
    class WithoutPerformanceSchema extends Scenarios {
        @Override
        MariaDbServer server() {
            return MariaDbServer.shared();
        }

        @Override
        String database() {
            return "drop_guard_it";
        }

        @Test
        void terminateNeverEndsACandidateThatMayHoldNothingTheDropNeeds() throws Exception {
            useGuard(DropPolicy.TERMINATE, Duration.ofSeconds(2));
            Connection mine = own.inTransaction();
            readAll(mine, "SELECT * FROM audit");

            Refusal r = refuse(ddl, "DROP TABLE audit");

            assertThat(r.millis()).isBetween(2_000L, 2_000L + SLACK_MILLIS);
            assertThat(holder(r.exception(), id(mine)).origin()).isPresent();
            assertThat(mine.isValid(5)).as("the candidate, which the approximate report cannot prove").isTrue();
            assertThat(exists("audit")).isTrue();
        }

        @Override
        void describesTheLock(LockHolder h, DropBlockedException e) {
            assertThat(h.mode()).isEqualTo("an open transaction's locks");
            assertThat(e.getMessage()).contains("Note: approximate: performance_schema is off");
        }
    }
}
