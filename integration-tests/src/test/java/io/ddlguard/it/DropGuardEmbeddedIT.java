package io.ddlguard.it;

import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.it.GuardRig.Refusal;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.GuardRig.millisSince;
import static io.ddlguard.it.GuardRig.refuse;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard on the embedded engines test suites run on: H2 2.3 (in-memory) and SQLite 3.50 (a file). Holders are
 * connections borrowed through the guard, so reports can name where they were borrowed. Bounds are generous.
 */
class DropGuardEmbeddedIT {

    private static final long SLACK_MILLIS = 1_500;

    /** Connections of one test, closed (rolled back) afterwards. */
    abstract static class Base {
        final Deque<Connection> open = new ArrayDeque<>();
        DataSource plain;
        DdlGuard guard;
        DataSource guarded;
        Connection ddl;

        void useGuard(DropPolicy policy, Duration lockWait) throws SQLException {
            guard = DdlGuard.builder().name("tests").dropPolicy(policy).lockWait(lockWait).build();
            guarded = guard.wrap(plain);
            ddl = borrow(true);
        }

        Connection borrow(boolean autoCommit) throws SQLException {
            return borrow(guarded, autoCommit);
        }

        Connection borrow(DataSource from, boolean autoCommit) throws SQLException {
            Connection c = from.getConnection();
            open.push(c);
            c.setAutoCommit(autoCommit);
            return c;
        }

        @AfterEach
        void close() throws SQLException {
            while (!open.isEmpty()) {
                Connection c = open.pop();
                if (!c.isClosed() && !c.getAutoCommit()) {
                    c.rollback();
                }
                c.close();
            }
        }

        static String single(Connection c, String sql) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Nested
    class OnH2 extends Base {

        void setUp(DropPolicy policy, Duration lockWait) throws SQLException {
            plain = H2Database.newDatabase("drop_guard_h2");
            useGuard(policy, lockWait);
            execute(ddl, "CREATE TABLE audit (id INT PRIMARY KEY)");
            execute(ddl, "INSERT INTO audit VALUES (1), (2)");
        }

        boolean exists(String table) throws SQLException {
            return !single(ddl, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '"
                    + table.toUpperCase() + "'").equals("0");
        }

        @Test
        void anUncommittedWriterRefusesTheDropAtOnceNamingItsSessionAndWhereItWasBorrowed() throws SQLException {
            setUp(DropPolicy.FAIL, Duration.ofSeconds(10));
            Connection writer = borrow(false);
            execute(writer, "INSERT INTO audit VALUES (3)");
            long session = Long.parseLong(single(writer, "SELECT SESSION_ID()"));

            Refusal r = refuse(ddl, "DROP TABLE audit");

            assertThat(r.millis()).as("refused before any attempt").isLessThan(SLACK_MILLIS);
            DropBlockedException e = r.exception();
            assertThat(e.getSQLState()).isEqualTo("55P03");
            assertThat(e.blockers()).singleElement().satisfies(h -> {
                assertThat(h.pid()).hasValue(session);
                assertThat(h.relation()).isEqualTo("PUBLIC.AUDIT");
                assertThat(h.state()).hasValueSatisfying(s -> assertThat(s).contains("with uncommitted changes"));
                assertThat(h.origin()).hasValueSatisfying(o -> assertThat(o.stack()).anySatisfy(f -> assertThat(
                        f.getMethodName()).isEqualTo("anUncommittedWriterRefusesTheDropAtOnceNamingItsSessionAndWhereItWasBorrowed")));
            });
            assertThat(e.getMessage()).contains("session " + session + " holds READ on PUBLIC.AUDIT");
            assertThat(exists("audit")).isTrue();
        }

        @Test
        void readersAndTheDdlsOwnWritesDoNotStopIt() throws SQLException {
            setUp(DropPolicy.FAIL, Duration.ofSeconds(10));
            Connection reader = borrow(false);
            readAll(reader, "SELECT * FROM audit");
            ddl.setAutoCommit(false);
            execute(ddl, "INSERT INTO audit VALUES (9)");

            execute(ddl, "DROP TABLE audit");

            assertThat(exists("audit")).isFalse();
        }

        @Test
        void waitRunsTheDropOnceTheWriterCommitsAndTheLockTimeoutIsRestored() throws Exception {
            setUp(DropPolicy.WAIT, Duration.ofSeconds(20));
            execute(ddl, "SET LOCK_TIMEOUT 4321");
            Connection writer = borrow(false);
            execute(writer, "INSERT INTO audit VALUES (3)");
            long started = System.nanoTime();
            CompletableFuture<Void> drop = CompletableFuture.runAsync(() -> {
                try {
                    execute(ddl, "DROP TABLE audit");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Connection observer = borrow(true);
            // the guard watches the lock views before it attempts: nothing of it shows until the writer ends
            assertThat(single(observer, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.LOCKS")).isEqualTo("1");
            assertThat(drop).isNotDone();
            long committed = millisSince(started);
            writer.commit();

            drop.get(30, TimeUnit.SECONDS);
            assertThat(millisSince(started)).isLessThan(committed + SLACK_MILLIS);
            assertThat(exists("audit")).isFalse();
            assertThat(ddl.unwrap(org.h2.jdbc.JdbcConnection.class).getSession())
                    .isInstanceOfSatisfying(org.h2.engine.SessionLocal.class,
                            s -> assertThat(s.getLockTimeout()).isEqualTo(4321));
        }

        @Test
        void terminateEndsAWriterBorrowedThroughTheGuardWhoseUserIsNotAnAdmin() throws SQLException {
            setUp(DropPolicy.TERMINATE, Duration.ofSeconds(10));
            execute(ddl, "CREATE USER APP PASSWORD 'app'");
            execute(ddl, "GRANT SELECT, INSERT ON audit TO APP");
            JdbcDataSource app = new JdbcDataSource();
            // the database is open already; a setting such as DB_CLOSE_DELAY in the URL would need an admin
            app.setURL(((JdbcDataSource) plain).getURL().replace(";DB_CLOSE_DELAY=-1", ""));
            app.setUser("APP");
            app.setPassword("app");
            Connection writer = borrow(guard.wrap(app), false);
            execute(writer, "INSERT INTO audit VALUES (3)");
            String session = single(writer, "SELECT SESSION_ID()");

            long started = System.nanoTime();
            execute(ddl, "DROP TABLE audit"); // as SA: only an admin may end another session

            assertThat(millisSince(started)).isLessThan(SLACK_MILLIS);
            assertThat(exists("audit")).isFalse();
            assertThat(single(ddl, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = " + session))
                    .isEqualTo("0");
            assertThat(writer.isValid(5)).as("the terminated session").isFalse();
        }

        @Test
        void terminateNeverEndsTheSessionOfAnAdmin() throws SQLException {
            setUp(DropPolicy.TERMINATE, Duration.ofSeconds(1));
            Connection writer = borrow(false); // as SA, an admin
            execute(writer, "INSERT INTO audit VALUES (3)");
            long session = Long.parseLong(single(writer, "SELECT SESSION_ID()"));

            Refusal r = refuse(ddl, "DROP TABLE audit");

            assertThat(r.millis()).isBetween(1_000L, 1_000L + SLACK_MILLIS);
            assertThat(r.exception().blockers()).singleElement().satisfies(h -> {
                assertThat(h.pid()).hasValue(session);
                assertThat(h.origin()).isPresent();
            });
            assertThat(r.exception().getMessage())
                    .contains("Note: TERMINATE did not end session " + session + " (its user SA is an admin)");
            assertThat(single(writer, "SELECT COUNT(*) FROM audit")).as("the admin's session").isEqualTo("3");
            assertThat(exists("audit")).isTrue();
        }

        @Test
        void aWriterThatArrivesAfterTheCheckMakesTheAttemptsTimeOutWithinLockWait() throws Exception {
            setUp(DropPolicy.LOG, Duration.ofSeconds(1));
            Connection writer = borrow(false);
            execute(writer, "INSERT INTO audit VALUES (3)");

            Refusal r = refuse(ddl, "DROP TABLE audit");

            assertThat(r.millis()).isBetween(1_000L, 1_000L + SLACK_MILLIS);
            assertThat(r.exception().getCause()).isInstanceOfSatisfying(SQLException.class,
                    c -> assertThat(c.getErrorCode()).isEqualTo(50200));
            assertThat(r.exception().blockers()).extracting(LockHolder::relation).containsExactly("PUBLIC.AUDIT");
        }
    }

    @Nested
    class OnSqlite extends Base {

        void setUp(DropPolicy policy, Duration lockWait, String journalMode) throws SQLException {
            plain = SqliteDatabase.newDatabase("drop_guard_sqlite");
            useGuard(policy, lockWait);
            execute(ddl, "PRAGMA journal_mode = " + journalMode);
            execute(ddl, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            execute(ddl, "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 1000)"
                    + " INSERT INTO t SELECT x, 'v' FROM r");
        }

        boolean exists(String table) throws SQLException {
            try (Connection c = plain.getConnection()) {
                return !single(c, "SELECT COUNT(*) FROM sqlite_master WHERE name = '" + table + "'").equals("0");
            }
        }

        @Test
        void anOpenReadTransactionOnAnotherConnectionIsNamedAfterTwoBoundedAttempts() throws SQLException {
            setUp(DropPolicy.FAIL, Duration.ofSeconds(10), "delete");
            Connection reader = borrow(false);
            readAll(reader, "SELECT * FROM t");

            Refusal r = refuse(ddl, "DROP TABLE t");

            assertThat(r.millis()).as("two attempts of 100 ms, not lockWait nor the driver's 3 s")
                    .isLessThan(SLACK_MILLIS);
            DropBlockedException e = r.exception();
            assertThat(e.getSQLState()).isEqualTo("55P03");
            assertThat(e.getCause()).isInstanceOfSatisfying(SQLException.class,
                    c -> assertThat(c.getErrorCode()).isEqualTo(5));
            assertThat(e.blockers()).singleElement().satisfies(h -> {
                assertThat(h.mode()).isEqualTo("an open transaction");
                assertThat(h.origin()).hasValueSatisfying(o -> assertThat(o.autoCommit()).isFalse());
            });
            assertThat(e.getMessage()).contains("Note: SQLite does not show who holds its lock");
            assertThat(exists("t")).isTrue();
            assertThat(single(ddl, "PRAGMA busy_timeout")).as("the driver's default, restored").isEqualTo("3000");
        }

        @Test
        void inWalModeAReaderDoesNotStopTheDrop() throws SQLException {
            setUp(DropPolicy.FAIL, Duration.ofSeconds(10), "wal");
            Connection reader = borrow(false);
            readAll(reader, "SELECT * FROM t");

            execute(ddl, "DROP TABLE t");

            assertThat(exists("t")).isFalse();
        }

        @Test
        void anUnfinishedResultSetOnTheSameConnectionIsRefusedAtOnceNamingIt() throws SQLException {
            setUp(DropPolicy.WAIT, Duration.ofSeconds(10), "delete");
            execute(ddl, "CREATE TABLE u (id INTEGER PRIMARY KEY)");
            try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM t")) {
                assertThat(rs.next()).isTrue();

                Refusal r = refuse(ddl, "DROP TABLE u");

                assertThat(r.millis()).as("waiting cannot end it: no retries").isLessThan(SLACK_MILLIS);
                assertThat(r.exception().getCause()).isInstanceOfSatisfying(SQLException.class,
                        c -> assertThat(c.getErrorCode()).isEqualTo(6));
                assertThat(r.exception().blockers()).singleElement().satisfies(h -> {
                    assertThat(h.mode()).isEqualTo("an unfinished result set on this same connection");
                    assertThat(h.origin().orElseThrow().openResultSets()).containsExactly("SELECT * FROM t");
                });
            }
            execute(ddl, "DROP TABLE u");
        }

        @Test
        void waitRunsTheDropOnceTheOtherTransactionEnds() throws Exception {
            setUp(DropPolicy.WAIT, Duration.ofSeconds(20), "delete");
            Connection reader = borrow(false);
            readAll(reader, "SELECT * FROM t");
            CompletableFuture<Void> drop = CompletableFuture.runAsync(() -> {
                try {
                    execute(ddl, "DROP TABLE t");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();
            assertThat(drop).isNotDone();
            long committed = millisSince(started);
            reader.commit();

            drop.get(30, TimeUnit.SECONDS);
            assertThat(millisSince(started)).isLessThan(committed + SLACK_MILLIS);
            assertThat(exists("t")).isFalse();
        }
    }
}
