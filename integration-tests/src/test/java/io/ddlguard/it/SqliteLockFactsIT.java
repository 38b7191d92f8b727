package io.ddlguard.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which sessions make a {@code DROP TABLE} fail on SQLite (xerial sqlite-jdbc, file database), measured. SQLite
 * has no view of other connections, so ddlguard has no inspector for it: these are the facts a guard has to live
 * with, written down in dialect-rules/LOCKS-other-engines.md.
 *
 * <p>SQLite locks the whole database file, not tables: whatever blocks a {@code DROP TABLE t} blocks every write.
 */
class SqliteLockFactsIT {

    private static final String BUSY = "[SQLITE_BUSY] The database file is locked (database is locked)";
    private static final String LOCKED = "[SQLITE_LOCKED] A table in the database is locked (database table is locked)";

    /** The scenarios, in one journal mode. */
    abstract static class Scenarios {

        private final Deque<Connection> open = new ArrayDeque<>();
        DataSource dataSource;
        /** The connection that drops, with a 200 ms busy timeout. */
        Connection ddl;

        abstract String journalMode();

        @BeforeEach
        void createTables() throws SQLException {
            dataSource = SqliteDatabase.newDatabase("sqlite_lock_facts_" + journalMode());
            Connection setup = connect();
            try (Statement s = setup.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA journal_mode = " + journalMode())) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(journalMode());
            }
            execute(setup, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            execute(setup, "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 1000)"
                    + " INSERT INTO t SELECT x, 'v' FROM r");
            execute(setup, "CREATE TABLE u (id INTEGER PRIMARY KEY)");
            ddl = connect();
            execute(ddl, "PRAGMA busy_timeout = 200");
        }

        @AfterEach
        void closeAll() throws SQLException {
            while (!open.isEmpty()) {
                Connection c = open.pop();
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                c.close();
            }
        }

        Connection connect() throws SQLException {
            Connection c = dataSource.getConnection();
            open.push(c);
            return c;
        }

        /** Runs {@code sql} on {@code c}; how it failed, if it did, and how long it took. */
        static Outcome run(Connection c, String sql) {
            long start = System.nanoTime();
            try {
                execute(c, sql);
                return new Outcome(Optional.empty(), (System.nanoTime() - start) / 1_000_000);
            } catch (SQLException e) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("SQLite (%s): %s -> errorCode %d, SQLState %s, after %d ms: %s%n",
                        c.getClass().getSimpleName(), sql, e.getErrorCode(), e.getSQLState(), millis,
                        e.getMessage());
                return new Outcome(Optional.of(e), millis);
            }
        }

        record Outcome(Optional<SQLException> failure, long millis) {
            void isBusyAfter(long minMillis, long maxMillis) {
                SQLException e = failure.orElseThrow(() -> new AssertionError("it did not fail"));
                assertThat((Throwable) e).isInstanceOf(SQLiteException.class);
                assertThat(e.getErrorCode()).isEqualTo(5);
                assertThat(((SQLiteException) e).getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_BUSY);
                assertThat(e.getSQLState()).isNull();
                assertThat(e.getMessage()).isEqualTo(BUSY);
                assertThat(millis).isBetween(minMillis, maxMillis);
            }

            void isLockedAtOnce() {
                SQLException e = failure.orElseThrow(() -> new AssertionError("it did not fail"));
                assertThat(e.getErrorCode()).isEqualTo(6);
                assertThat(((SQLiteException) e).getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_LOCKED);
                assertThat(e.getSQLState()).isNull();
                assertThat(e.getMessage()).isEqualTo(LOCKED);
                assertThat(millis).isLessThan(150);
            }

            void succeeded() {
                assertThat(failure).isEmpty();
            }
        }

        @Test
        void anUncommittedWriteOnAnotherConnectionMakesDropBusyAfterTheBusyTimeout() throws SQLException {
            Connection writer = connect();
            writer.setAutoCommit(false);
            execute(writer, "INSERT INTO u VALUES (1)");

            run(ddl, "DROP TABLE t").isBusyAfter(190, 1_000);
            execute(ddl, "PRAGMA busy_timeout = 1000");
            run(ddl, "DROP TABLE t").isBusyAfter(990, 2_000);
            execute(ddl, "PRAGMA busy_timeout = 0");
            run(ddl, "DROP TABLE t").isBusyAfter(0, 150);

            writer.rollback();
            run(ddl, "DROP TABLE t").succeeded();
        }

        @Test
        void anUnfinishedResultSetOnTheSameConnectionMakesAnyDropLockedAtOnce() throws SQLException {
            try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM t")) {
                assertThat(rs.next()).isTrue();

                run(ddl, "DROP TABLE t").isLockedAtOnce();
                run(ddl, "DROP TABLE u").isLockedAtOnce();
            }
            run(ddl, "DROP TABLE t").succeeded();
        }

        @Test
        void theSameConnectionsOpenReadTransactionDoesNotBlockItsDrop() throws SQLException {
            ddl.setAutoCommit(false);
            readAll(ddl, "SELECT * FROM t");

            run(ddl, "DROP TABLE t").succeeded();
            ddl.commit();
        }
    }

    @Nested
    class RollbackJournal extends Scenarios {

        @Override
        String journalMode() {
            return "delete";
        }

        @Test
        void anOpenReadTransactionOnAnotherConnectionMakesDropBusy() throws SQLException {
            Connection reader = connect();
            reader.setAutoCommit(false);
            readAll(reader, "SELECT * FROM t");

            run(ddl, "DROP TABLE t").isBusyAfter(190, 1_000);
            reader.commit();
            run(ddl, "DROP TABLE t").succeeded();
        }

        @Test
        void anUnfinishedResultSetInAutocommitOnAnotherConnectionMakesEveryDropBusy() throws SQLException {
            Connection streaming = connect();
            try (Statement s = streaming.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM t")) {
                assertThat(rs.next()).isTrue();

                run(ddl, "DROP TABLE u").isBusyAfter(190, 1_000); // another table: SQLite locks the file
                run(ddl, "DROP TABLE t").isBusyAfter(190, 1_000);
                int rows = 1;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(1000);
            }
            run(ddl, "DROP TABLE t").succeeded();
        }

        @Test
        void xerialsDefaultBusyTimeoutIsThreeSeconds() throws SQLException {
            Connection writer = connect();
            writer.setAutoCommit(false);
            execute(writer, "INSERT INTO u VALUES (1)");

            run(connect(), "DROP TABLE t").isBusyAfter(2_950, 4_500);
        }
    }

    @Nested
    class WriteAheadLog extends Scenarios {

        @Override
        String journalMode() {
            return "wal";
        }

        @Test
        void anOpenReadTransactionOnAnotherConnectionDoesNotBlockDrop() throws SQLException {
            Connection reader = connect();
            reader.setAutoCommit(false);
            readAll(reader, "SELECT * FROM t");

            run(ddl, "DROP TABLE t").succeeded();
            // The reader keeps its snapshot: the table is still there for it until its transaction ends.
            assertThat(PooledDatabase.single(reader, "SELECT COUNT(*) FROM t")).isEqualTo(1000);
        }

        @Test
        void anUnfinishedResultSetOnAnotherConnectionDoesNotBlockDropAndReadsOn() throws SQLException {
            Connection streaming = connect();
            try (Statement s = streaming.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM t")) {
                assertThat(rs.next()).isTrue();

                run(ddl, "DROP TABLE t").succeeded();
                int rows = 1;
                while (rs.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(1000);
            }
        }
    }
}
