package io.ddlguard.it;

import io.ddlguard.dialect.TableName;
import io.ddlguard.dialect.h2.H2LockConflict;
import io.ddlguard.dialect.h2.H2LockInspector;
import io.ddlguard.dialect.h2.H2LockReport;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link H2LockInspector} on H2 2.3: several connections to one database, as an application's pool would hold
 * them. Ground truth is H2 itself: a {@code DROP TABLE} under {@code SET LOCK_TIMEOUT 100} fails with 50200 exactly
 * when another session holds a lock on the table. The measured facts are in dialect-rules/LOCKS-other-engines.md.
 */
class H2LockInspectorIT {

    private final H2LockInspector inspector = new H2LockInspector();
    private final Deque<Connection> open = new ArrayDeque<>();
    private DataSource dataSource;
    private Connection ddl;

    @BeforeEach
    void createTables() throws SQLException {
        dataSource = H2Database.newDatabase("h2_lock_inspector_it");
        ddl = connect();
        execute(ddl, "CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(100))");
        execute(ddl, "INSERT INTO orders SELECT X, 'n' FROM SYSTEM_RANGE(1, 1000)");
        execute(ddl, "CREATE TABLE audit (id INT PRIMARY KEY)");
        execute(ddl, "SET LOCK_TIMEOUT 100");
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

    private Connection connect() throws SQLException {
        return connect(dataSource);
    }

    private Connection connect(DataSource ds) throws SQLException {
        Connection c = ds.getConnection();
        open.push(c);
        return c;
    }

    private Connection inTransaction() throws SQLException {
        Connection c = connect();
        c.setAutoCommit(false);
        return c;
    }

    private static int sessionId(Connection c) throws SQLException {
        return (int) PooledDatabase.single(c, "SELECT SESSION_ID()");
    }

    private H2LockReport inspect(Connection c, String table) throws SQLException {
        return inspector.inspect(c, List.of(new TableName("PUBLIC", table)));
    }

    /** Runs {@code sql} on the DDL connection; the SQLException it failed with, if it did. */
    private Optional<SQLException> failure(String sql) {
        try {
            execute(ddl, sql);
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e);
        }
    }

    @Test
    void anUncommittedWriterHoldsAReadLockThatBlocksDrop() throws SQLException {
        Connection writer = inTransaction();
        execute(writer, "INSERT INTO audit VALUES (1)");

        H2LockReport report = inspect(ddl, "AUDIT");

        assertThat(report.exact()).isTrue();
        assertThat(report.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.sessionId()).isEqualTo(sessionId(writer));
            assertThat(c.table()).isEqualTo(new TableName("PUBLIC", "AUDIT"));
            assertThat(c.lockType()).isEqualTo("READ");
            assertThat(c.containsUncommitted()).isTrue();
            assertThat(c.state()).contains("SLEEP");
            assertThat(c.executingStatement()).isEmpty();
            assertThat(c.user()).contains("SA");
            assertThat(c.sessionStart()).isPresent();
            assertThat(c.sleepSince()).isPresent();
            assertThat(c.isolationLevel()).contains("READ COMMITTED");
        });
        SQLException e = failure("DROP TABLE audit").orElseThrow();
        assertThat(e.getErrorCode()).isEqualTo(50200);
        assertThat(e.getSQLState()).isEqualTo("HYT00");
        assertThat(e.getMessage()).startsWith("Timeout trying to lock table \"AUDIT\"");
        assertThat(failure("ALTER TABLE audit ADD COLUMN c INT"))
                .hasValueSatisfying(a -> assertThat(a.getErrorCode()).isEqualTo(50200));

        writer.commit();
        assertThat(inspect(ddl, "AUDIT").conflicts()).isEmpty();
        assertThat(failure("DROP TABLE audit")).isEmpty();
    }

    @Test
    void anUncommittedDeleteOrUpdateBlocksToo() throws SQLException {
        Connection writer = inTransaction();
        execute(writer, "UPDATE orders SET note = 'u' WHERE id = 1");

        assertThat(inspect(ddl, "ORDERS").conflicts()).extracting(H2LockConflict::sessionId)
                .containsExactly(sessionId(writer));
        assertThat(failure("DROP TABLE orders")).isPresent();
    }

    @Test
    void aReaderInAnOpenTransactionIsNoHolder() throws SQLException {
        Connection reader = inTransaction();
        readAll(reader, "SELECT * FROM orders");

        assertThat(inspect(ddl, "ORDERS").conflicts()).isEmpty();
        assertThat(failure("DROP TABLE orders")).isEmpty();
    }

    @Test
    void anUnfinishedResultSetIsNoHolderAndKeepsReadingAfterTheDrop() throws SQLException {
        Connection streaming = connect();
        try (Statement s = streaming.createStatement()) {
            s.setFetchSize(1);
            try (ResultSet rs = s.executeQuery("SELECT * FROM orders")) {
                assertThat(rs.next()).isTrue();

                assertThat(inspect(ddl, "ORDERS").conflicts()).isEmpty();
                assertThat(failure("DROP TABLE orders")).isEmpty();
                int rows = 1;
                while (rs.next()) {
                    rows++;
                }
                // An embedded H2 result set is already complete when executeQuery returns.
                assertThat(rows).isEqualTo(1000);
            }
        }
    }

    @Test
    void selectForUpdateLocksRowsNotTheTable() throws SQLException {
        Connection locker = inTransaction();
        readAll(locker, "SELECT * FROM orders WHERE id = 1 FOR UPDATE");

        assertThat(inspect(ddl, "ORDERS").conflicts()).isEmpty();
        assertThat(failure("DROP TABLE orders")).isEmpty();
    }

    @Test
    void theInspectingConnectionsOwnWriteIsNoHolderAndTheDdlCommitsIt() throws SQLException {
        ddl.setAutoCommit(false);
        execute(ddl, "INSERT INTO audit VALUES (7)");

        assertThat(inspect(ddl, "AUDIT").conflicts()).isEmpty();
        assertThat(failure("ALTER TABLE audit ADD COLUMN c INT")).isEmpty();
        ddl.rollback();
        assertThat(PooledDatabase.single(ddl, "SELECT COUNT(*) FROM audit")).isEqualTo(1);
    }

    @Test
    void lockTimeoutIsInMilliseconds() throws SQLException {
        Connection writer = inTransaction();
        execute(writer, "INSERT INTO audit VALUES (1)");
        for (int millis : new int[] {300, 1000}) {
            execute(ddl, "SET LOCK_TIMEOUT " + millis);
            long start = System.nanoTime();
            SQLException e = failure("DROP TABLE audit").orElseThrow();
            long took = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("H2: DROP under LOCK_TIMEOUT %d -> %d %s after %d ms%n", millis, e.getErrorCode(),
                    e.getSQLState(), took);
            assertThat(e.getErrorCode()).isEqualTo(50200);
            assertThat(took).isBetween((long) millis - 10, millis + 700L);
        }
        execute(ddl, "SET LOCK_TIMEOUT 0");
        long start = System.nanoTime();
        assertThat(failure("DROP TABLE audit")).isPresent();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(200);
    }

    @Test
    void theDefaultLockTimeoutIsTwoSeconds() throws SQLException {
        Connection writer = inTransaction();
        execute(writer, "INSERT INTO audit VALUES (1)");
        Connection fresh = connect();
        long start = System.nanoTime();
        try {
            execute(fresh, "DROP TABLE audit");
            throw new AssertionError("DROP did not wait");
        } catch (SQLException e) {
            assertThat(e.getErrorCode()).isEqualTo(50200);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1_900L, 3_000L);
    }

    @Test
    void aWaitingDropIsInvisibleAndQueuesLaterWritersButNotReaders() throws Exception {
        Connection writer = inTransaction();
        execute(writer, "INSERT INTO audit VALUES (1)");
        Connection dropper = connect();
        execute(dropper, "SET LOCK_TIMEOUT 5000");
        int dropperId = sessionId(dropper);
        CompletableFuture<Optional<SQLException>> drop = CompletableFuture.supplyAsync(() -> {
            try {
                execute(dropper, "DROP TABLE audit");
                return Optional.empty();
            } catch (SQLException e) {
                return Optional.of(e);
            }
        });
        try {
            awaitExecuting(dropperId, "DROP TABLE audit");
            // EXECUTING_STATEMENT is set before the DROP reaches the lock queue, and nothing shows when it has.
            Thread.sleep(200);
            Connection other = connect();
            execute(other, "SET LOCK_TIMEOUT 200");
            long start = System.nanoTime();
            readAll(other, "SELECT * FROM audit");
            assertThat((System.nanoTime() - start) / 1_000_000).as("a reader passes").isLessThan(150);
            start = System.nanoTime();
            try {
                execute(other, "INSERT INTO audit VALUES (2)");
                throw new AssertionError("the writer did not queue behind the waiting DROP");
            } catch (SQLException e) {
                assertThat(e.getErrorCode()).isEqualTo(50200);
                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(190L, 1_000L);
            }

            H2LockReport report = inspect(ddl, "AUDIT");
            assertThat(report.conflicts()).extracting(H2LockConflict::sessionId)
                    .containsExactly(sessionId(writer));
            assertThat(PooledDatabase.single(ddl, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                    + " WHERE SESSION_ID = " + dropperId + " AND SESSION_STATE = 'RUNNING' AND BLOCKER_ID IS NULL"))
                    .as("a session waiting for a table lock names no blocker").isEqualTo(1);
        } finally {
            writer.rollback();
        }
        assertThat(drop.get(10, TimeUnit.SECONDS)).as("the DROP ran once the writer ended").isEmpty();
    }

    private void awaitExecuting(int sessionId, String statement) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT EXECUTING_STATEMENT FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = " + sessionId)) {
                if (rs.next() && statement.equals(rs.getString(1))) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("session " + sessionId + " is not executing " + statement);
    }

    @Test
    void aNonAdminUserSeesOnlyItsOwnSession() throws SQLException {
        execute(ddl, "CREATE USER app PASSWORD 'app'");
        execute(ddl, "GRANT SELECT, INSERT ON audit TO app");
        Connection writer = inTransaction();
        execute(writer, "INSERT INTO audit VALUES (1)");
        JdbcDataSource asApp = new JdbcDataSource();
        // DB_CLOSE_DELAY in the URL needs admin rights; the database is open already.
        asApp.setURL(((JdbcDataSource) dataSource).getURL().replace(";DB_CLOSE_DELAY=-1", ""));
        asApp.setUser("app");
        asApp.setPassword("app");

        H2LockReport report = inspect(connect(asApp), "AUDIT");

        assertThat(report.visibility()).isEqualTo(H2LockReport.Visibility.OWN_SESSION_ONLY);
        assertThat(report.exact()).isFalse();
        assertThat(report.conflicts()).isEmpty();
    }

    @Test
    void aFileDatabaseBehavesTheSame(@TempDir Path dir) throws SQLException {
        JdbcDataSource file = new JdbcDataSource();
        file.setURL("jdbc:h2:file:" + dir.resolve("db"));
        file.setUser("sa");
        Connection setup = connect(file);
        execute(setup, "CREATE TABLE t (id INT PRIMARY KEY)");
        execute(setup, "SET LOCK_TIMEOUT 100");
        Connection reader = connect(file);
        reader.setAutoCommit(false);
        readAll(reader, "SELECT * FROM t");
        assertThat(inspector.inspect(setup, List.of(new TableName("PUBLIC", "T"))).conflicts()).isEmpty();
        Connection writer = connect(file);
        writer.setAutoCommit(false);
        execute(writer, "INSERT INTO t VALUES (1)");

        assertThat(inspector.inspect(setup, List.of(new TableName("PUBLIC", "T"))).conflicts())
                .extracting(H2LockConflict::sessionId).containsExactly(sessionId(writer));
        try {
            execute(setup, "DROP TABLE t");
            throw new AssertionError("DROP did not wait");
        } catch (SQLException e) {
            assertThat(e.getErrorCode()).isEqualTo(50200);
            assertThat(e.getSQLState()).isEqualTo("HYT00");
        }
    }
}
