package io.ddlguard.it;

import io.ddlguard.dialect.TableName;
import io.ddlguard.dialect.mysql.MySqlLockConflict;
import io.ddlguard.dialect.mysql.MySqlLockConflict.Cause;
import io.ddlguard.dialect.mysql.MySqlLockConflict.Source;
import io.ddlguard.dialect.mysql.MySqlLockInspector;
import io.ddlguard.dialect.mysql.MySqlLockReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mariadb.jdbc.MariaDbDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.MariaDbSessions.awaitState;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.MariaDbSessions.id;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MySqlLockInspector} on embedded MariaDB 11.4, with {@code performance_schema} (exact report) and without
 * (approximate report): real sessions holding real metadata locks. Each scenario is checked against the engine
 * itself: {@code ALTER TABLE ... NOWAIT} fails with 1205 when someone holds a lock on the table, and an ALTER with
 * {@code WAIT 1} runs when nobody does.
 */
class MySqlLockInspectorIT {

    private static final String DB = "mysql_inspector_it";

    /** The scenarios every server runs; subclasses say which server and what its report looks like. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        final MySqlLockInspector inspector = new MySqlLockInspector();
        DataSource dataSource;
        MariaDbSessions sessions;
        /** The connection that would run the DDL, and inspects. */
        Connection ddl;

        abstract MariaDbServer server();

        abstract String database();

        @BeforeAll
        void createTables() throws SQLException {
            dataSource = server().createDatabase(database());
            try (Connection c = dataSource.getConnection()) {
                MariaDbSessions.createBigOrders(c);
                execute(c, "CREATE TABLE audit (id INT PRIMARY KEY) ENGINE=InnoDB");
                execute(c, "INSERT INTO audit VALUES (1), (2), (3)");
            }
        }

        @BeforeEach
        void openSessions() throws SQLException {
            sessions = new MariaDbSessions(dataSource);
            ddl = sessions.autocommit();
            // A lock leaked by an earlier test must fail setup fast, not hang it for MariaDB's default day.
            execute(ddl, "SET SESSION lock_wait_timeout = 5");
        }

        @AfterEach
        void endSessions() throws SQLException {
            sessions.close();
        }

        TableName table(String name) {
            return new TableName(database(), name);
        }

        /**
         * Inspects after a pause: {@code INNODB_TRX}, which the approximate report and every report's transaction
         * age read, is a cache InnoDB refreshes at most every 100 ms.
         */
        MySqlLockReport inspect(String... tables) throws SQLException {
            settle();
            return inspector.inspect(ddl, java.util.Arrays.stream(tables).map(this::table).toList());
        }

        static void settle() {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Ground truth: whether an ALTER of {@code table} would wait ({@code NOWAIT} fails with 1205 at once). */
        boolean alterWaits(String table) throws SQLException {
            try {
                execute(ddl, "ALTER TABLE " + table + " NOWAIT COMMENT 'probe'");
                return false;
            } catch (SQLException e) {
                if (e.getErrorCode() == 1205) {
                    return true;
                }
                throw e;
            }
        }

        /**
         * Ground truth for "nobody holds a lock": an ALTER of {@code table} runs within a second. Not {@code NOWAIT}:
         * since MariaDB 10.6 InnoDB's background threads (statistics recalculation after an ALTER, purge) take a
         * metadata lock on the table for a moment, and a {@code NOWAIT} that meets one fails with 1205 although no
         * session holds anything.
         */
        boolean alterRuns(String table) throws SQLException {
            try {
                execute(ddl, "ALTER TABLE " + table + " WAIT 1 COMMENT 'probe'");
                return true;
            } catch (SQLException e) {
                if (e.getErrorCode() == 1205) {
                    return false;
                }
                throw e;
            }
        }

        static List<Long> ids(MySqlLockReport report) {
            return report.conflicts().stream().map(MySqlLockConflict::connectionId).distinct().sorted().toList();
        }

        static MySqlLockConflict only(MySqlLockReport report, long id) {
            List<MySqlLockConflict> rows = report.conflicts().stream().filter(c -> c.connectionId() == id).toList();
            assertThat(rows).as("rows of session %d in %s", id, report.conflicts()).hasSize(1);
            return rows.get(0);
        }

        @Test
        void anOpenTransactionThatReadTheTableIsAHolder() throws SQLException {
            Connection holder = sessions.inTransaction();
            readAll(holder, "SELECT * FROM audit WHERE id = 1");
            long holderId = id(holder);

            MySqlLockReport report = inspect("audit");

            assertThat(alterWaits("audit")).isTrue();
            assertThat(ids(report)).containsExactly(holderId);
            MySqlLockConflict c = only(report, holderId);
            assertThat(c.command()).contains("Sleep");
            assertThat(c.query()).as("PROCESSLIST.INFO of an idle session").isEmpty();
            assertThat(c.transactionAge()).isPresent();
            assertThat(c.user()).contains("root");
            assertThat(c.host()).hasValueSatisfying(h -> assertThat(h).contains(":"));
            assertThat(c.granted()).isTrue();
            assertThat(c.waitingFor()).isEmpty();
            holderDetails(c, report);

            holder.rollback();
            assertThat(inspect("audit").conflicts()).isEmpty();
            assertThat(alterRuns("audit")).isTrue();
        }

        abstract void holderDetails(MySqlLockConflict holder, MySqlLockReport report);

        @Test
        void anUncommittedWriterIsAHolder() throws SQLException {
            Connection writer = sessions.inTransaction();
            execute(writer, "INSERT INTO audit VALUES (100)");

            MySqlLockReport report = inspect("audit");

            assertThat(alterWaits("audit")).isTrue();
            assertThat(ids(report)).containsExactly(id(writer));
            writerDetails(only(report, id(writer)));
        }

        abstract void writerDetails(MySqlLockConflict writer);

        @Test
        void anUnreadStreamingResultSetInAutocommitBlocksUntilClosed() throws SQLException {
            Connection streaming = sessions.autocommit();
            long streamingId = id(streaming);
            try (Statement s = streaming.createStatement()) {
                s.setFetchSize(1); // MariaDB Connector/J streams rows when fetchSize > 0
                try (ResultSet rs = s.executeQuery("SELECT * FROM orders")) {
                    assertThat(rs.next()).isTrue();
                    try {
                        awaitState(ddl, streamingId, "Writing to net");
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }

                    MySqlLockReport report = inspect("orders");

                    assertThat(alterWaits("orders")).isTrue();
                    MySqlLockConflict c = only(report, streamingId);
                    assertThat(c.command()).contains("Query");
                    assertThat(c.state()).contains("Writing to net");
                    assertThat(c.query()).contains("SELECT * FROM orders");
                    streamingDetails(c);
                }
            }
            assertThat(inspect("orders").conflicts()).isEmpty();
            assertThat(alterRuns("orders")).isTrue();
        }

        abstract void streamingDetails(MySqlLockConflict streaming);

        @Test
        void aSmallStreamingResultSetTheServerFinishedSendingDoesNotBlock() throws SQLException {
            Connection streaming = sessions.autocommit();
            try (Statement s = streaming.createStatement()) {
                s.setFetchSize(1);
                try (ResultSet rs = s.executeQuery("SELECT * FROM audit")) {
                    assertThat(rs.next()).isTrue();
                    // Three rows fit in the socket buffers: the server has ended the statement, and its lock.
                    assertThat(inspect("audit").conflicts()).isEmpty();
                    assertThat(alterRuns("audit")).isTrue();
                }
            }
        }

        @Test
        void anIdleAutocommitSessionIsNoHolder() throws SQLException {
            Connection idle = sessions.autocommit();
            readAll(idle, "SELECT * FROM audit");

            assertThat(inspect("audit").conflicts()).isEmpty();
            assertThat(alterRuns("audit")).isTrue();
        }

        @Test
        void theInspectingConnectionsOwnTransactionIsNoHolder() throws SQLException {
            ddl.setAutoCommit(false);
            readAll(ddl, "SELECT * FROM audit");

            assertThat(inspect("audit").conflicts()).isEmpty();
            // A DDL statement commits the session's transaction first: its own lock never blocks it.
            execute(ddl, "ALTER TABLE audit WAIT 1 COMMENT 'own'");
            ddl.setAutoCommit(true);
        }

        @Test
        void aSessionQueuedBehindADropIsReportedWithWhatItWaitsFor() throws Exception {
            execute(ddl, "DROP TABLE IF EXISTS queued");
            execute(ddl, "CREATE TABLE queued (id INT PRIMARY KEY) ENGINE=InnoDB");
            Connection holder = sessions.inTransaction();
            readAll(holder, "SELECT * FROM queued");
            Connection dropper = sessions.autocommit();
            execute(dropper, "SET SESSION lock_wait_timeout = 30");
            Connection reader = sessions.autocommit();
            execute(reader, "SET SESSION lock_wait_timeout = 30");
            long holderId = id(holder);
            long dropperId = id(dropper);
            long readerId = id(reader);
            Future<Void> drop = sessions.start(dropper, "DROP TABLE queued");
            awaitState(ddl, dropperId, "Waiting for table metadata lock");
            Future<Void> read = sessions.start(reader, "SELECT COUNT(*) FROM queued");
            awaitState(ddl, readerId, "Waiting for table metadata lock");
            try {
                MySqlLockReport report = inspect("queued");

                assertThat(ids(report)).containsExactlyInAnyOrder(holderId, dropperId, readerId);
                queueDetails(report, holderId, dropperId, readerId);
            } finally {
                holder.rollback();
                drop.get(10, TimeUnit.SECONDS);
                assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasRootCauseMessage("(conn=" + readerId + ") Table '" + database()
                                + ".queued' doesn't exist");
            }
        }

        abstract void queueDetails(MySqlLockReport report, long holder, long dropper, long reader);
    }

    @Nested
    class WithPerformanceSchema extends Scenarios {

        @Override
        MariaDbServer server() {
            return MariaDbServer.withPerformanceSchema();
        }

        @Override
        String database() {
            return DB;
        }

        @Override
        void holderDetails(MySqlLockConflict c, MySqlLockReport report) {
            assertThat(report.exact()).isTrue();
            assertThat(report.limitation()).isEmpty();
            assertThat(report.source()).isEqualTo(Source.PERFORMANCE_SCHEMA);
            assertThat(report.serverVersion()).startsWith("11.4");
            assertThat(c.cause()).isEqualTo(Cause.LOCK);
            assertThat(c.source()).isEqualTo(Source.PERFORMANCE_SCHEMA);
            assertThat(c.table()).contains(table("audit"));
            assertThat(c.lockType()).contains("SHARED_READ");
            assertThat(c.lockDuration()).contains("TRANSACTION");
            // events_statements_current (enabled on this server) keeps an idle session's last statement.
            assertThat(c.lastStatement()).contains("SELECT CONNECTION_ID()");
        }

        @Override
        void writerDetails(MySqlLockConflict writer) {
            assertThat(writer.cause()).isEqualTo(Cause.LOCK);
            assertThat(writer.lockType()).contains("SHARED_WRITE");
        }

        @Override
        void streamingDetails(MySqlLockConflict streaming) {
            assertThat(streaming.cause()).isEqualTo(Cause.LOCK);
            assertThat(streaming.lockType()).contains("SHARED_READ");
            assertThat(streaming.transactionAge()).as("autocommit read-only InnoDB transaction").isPresent();
        }

        @Override
        void queueDetails(MySqlLockReport report, long holder, long dropper, long reader) {
            String queued = database() + ".queued";
            assertThat(report.conflicts()).first().satisfies(c -> {
                assertThat(c.connectionId()).isEqualTo(holder);
                assertThat(c.cause()).isEqualTo(Cause.LOCK);
                assertThat(c.granted()).isTrue();
            });
            assertThat(report.conflicts()).filteredOn(c -> c.connectionId() == dropper).singleElement()
                    .satisfies(c -> {
                        assertThat(c.cause()).isEqualTo(Cause.QUEUED);
                        assertThat(c.granted()).isFalse();
                        assertThat(c.lockType()).contains("EXCLUSIVE");
                        assertThat(c.waitingFor()).contains("EXCLUSIVE on " + queued);
                        assertThat(c.blockedBy()).hasValue(holder);
                        assertThat(c.query()).contains("DROP TABLE queued");
                        assertThat(c.state()).contains("Waiting for table metadata lock");
                    });
            assertThat(report.conflicts()).filteredOn(c -> c.connectionId() == reader).singleElement()
                    .satisfies(c -> {
                        assertThat(c.cause()).isEqualTo(Cause.QUEUED);
                        assertThat(c.lockType()).contains("SHARED_READ");
                        assertThat(c.waitingFor()).contains("SHARED_READ on " + queued);
                        assertThat(c.blockedBy()).hasValue(holder);
                    });
        }

        @Test
        void aTransactionThatUsedOnlyAnotherTableIsNoHolder() throws SQLException {
            Connection other = sessions.inTransaction();
            readAll(other, "SELECT * FROM orders WHERE id = 1");

            assertThat(inspect("audit").conflicts()).isEmpty();
            assertThat(alterRuns("audit")).isTrue();
        }

        @Test
        void lockTablesIsAHolder() throws SQLException {
            Connection locker = sessions.autocommit();
            execute(locker, "LOCK TABLES audit READ");
            try {
                MySqlLockReport report = inspect("audit");

                assertThat(alterWaits("audit")).isTrue();
                MySqlLockConflict c = only(report, id(locker));
                assertThat(c.cause()).isEqualTo(Cause.LOCK);
                assertThat(c.lockType()).contains("SHARED_READ");
                assertThat(c.transactionAge()).as("LOCK TABLES opens no InnoDB transaction").isEmpty();
            } finally {
                execute(locker, "UNLOCK TABLES");
            }
        }

        @Test
        void flushTablesWithReadLockBlocksEveryDdl() throws SQLException {
            Connection flusher = sessions.autocommit();
            execute(flusher, "FLUSH TABLES WITH READ LOCK");
            try {
                MySqlLockReport report = inspect("audit");

                assertThat(alterWaits("audit")).isTrue();
                MySqlLockConflict c = only(report, id(flusher));
                assertThat(c.cause()).isEqualTo(Cause.GLOBAL_LOCK);
                assertThat(c.lockType()).contains("BACKUP_FTWRL1");
                assertThat(c.lockDuration()).contains("EXPLICIT");
                assertThat(c.table()).isEmpty();
            } finally {
                execute(flusher, "UNLOCK TABLES");
            }
        }

        @Test
        void withTheMetadataLockInstrumentOffTheReportIsApproximateAndSaysWhy() throws SQLException {
            Connection holder = sessions.inTransaction();
            readAll(holder, "SELECT * FROM audit");
            execute(ddl, "UPDATE performance_schema.setup_instruments SET ENABLED = 'NO'"
                    + " WHERE NAME = 'wait/lock/metadata/sql/mdl'");
            try {
                MySqlLockReport report = inspect("audit");

                assertThat(report.source()).isEqualTo(Source.PROCESSLIST);
                assertThat(report.exact()).isFalse();
                assertThat(report.approximateBecause()).contains("performance_schema is on but its metadata-lock"
                        + " instrument wait/lock/metadata/sql/mdl is disabled");
                assertThat(only(report, id(holder)).cause()).isEqualTo(Cause.IN_TRANSACTION);
            } finally {
                execute(ddl, "UPDATE performance_schema.setup_instruments SET ENABLED = 'YES'"
                        + " WHERE NAME = 'wait/lock/metadata/sql/mdl'");
            }
        }

        @Test
        void aLockTakenWhileTheInstrumentWasOffStaysInvisibleAfterItIsTurnedOn() throws SQLException {
            execute(ddl, "UPDATE performance_schema.setup_instruments SET ENABLED = 'NO'"
                    + " WHERE NAME = 'wait/lock/metadata/sql/mdl'");
            Connection holder = sessions.inTransaction();
            try {
                readAll(holder, "SELECT * FROM audit");
            } finally {
                execute(ddl, "UPDATE performance_schema.setup_instruments SET ENABLED = 'YES'"
                        + " WHERE NAME = 'wait/lock/metadata/sql/mdl'");
            }

            MySqlLockReport report = inspect("audit");

            // A limitation of the server, measured: the report claims to be exact, and misses the holder.
            assertThat(alterWaits("audit")).isTrue();
            assertThat(report.exact()).isTrue();
            assertThat(report.conflicts()).isEmpty();
        }

        @Test
        void aUserWhoCannotReadPerformanceSchemaGetsAnApproximateReportAndWithoutProcessSeesOnlyItself()
                throws SQLException {
            for (String host : List.of("localhost", "%")) {
                execute(ddl, "DROP USER IF EXISTS 'inspector'@'" + host + "'");
                execute(ddl, "CREATE USER 'inspector'@'" + host + "' IDENTIFIED BY 'inspector'");
                execute(ddl, "GRANT SELECT, ALTER, DROP ON " + database() + ".* TO 'inspector'@'" + host + "'");
            }
            Connection holder = sessions.inTransaction();
            readAll(holder, "SELECT * FROM audit");
            MariaDbDataSource restricted = new MariaDbDataSource(
                    server().jdbcUrl(database()).replace("user=root", "user=inspector&password=inspector"));

            settle();
            try (Connection c = restricted.getConnection()) {
                MySqlLockReport report = inspector.inspect(c, List.of(table("audit")));

                assertThat(report.source()).isEqualTo(Source.PROCESSLIST);
                assertThat(report.visibility()).isEqualTo(MySqlLockReport.Visibility.OWN_USER_ONLY);
                assertThat(report.approximateBecause()).hasValueSatisfying(
                        r -> assertThat(r).startsWith("performance_schema cannot be read: ")
                                .contains("SELECT command denied"));
                assertThat(report.conflicts()).as("root's transaction is invisible").isEmpty();
                assertThat(report.limitation()).hasValueSatisfying(
                        l -> assertThat(l).contains("the PROCESS privilege is missing"));
            }
            for (String host : List.of("localhost", "%")) {
                execute(ddl, "GRANT PROCESS ON *.* TO 'inspector'@'" + host + "'");
            }
            settle();
            try (Connection c = restricted.getConnection()) {
                MySqlLockReport report = inspector.inspect(c, List.of(table("audit")));

                assertThat(report.visibility()).isEqualTo(MySqlLockReport.Visibility.ALL_SESSIONS);
                assertThat(ids(report)).containsExactly(id(holder));
            }
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
            return DB;
        }

        @Override
        void holderDetails(MySqlLockConflict c, MySqlLockReport report) {
            assertThat(report.exact()).isFalse();
            assertThat(report.source()).isEqualTo(Source.PROCESSLIST);
            assertThat(report.visibility()).isEqualTo(MySqlLockReport.Visibility.ALL_SESSIONS);
            assertThat(report.approximateBecause()).contains("performance_schema is off");
            assertThat(report.limitation()).hasValueSatisfying(
                    l -> assertThat(l).startsWith("approximate: performance_schema is off; "));
            assertThat(c.cause()).isEqualTo(Cause.IN_TRANSACTION);
            assertThat(c.source()).isEqualTo(Source.PROCESSLIST);
            assertThat(c.table()).isEmpty();
            assertThat(c.lockType()).isEmpty();
            assertThat(c.lastStatement()).isEmpty();
        }

        @Override
        void writerDetails(MySqlLockConflict writer) {
            assertThat(writer.cause()).isEqualTo(Cause.IN_TRANSACTION);
        }

        @Override
        void streamingDetails(MySqlLockConflict streaming) {
            assertThat(streaming.cause()).isEqualTo(Cause.RUNNING_STATEMENT);
        }

        @Override
        void queueDetails(MySqlLockReport report, long holder, long dropper, long reader) {
            assertThat(only(report, holder).cause()).isEqualTo(Cause.IN_TRANSACTION);
            for (long waiter : List.of(dropper, reader)) {
                MySqlLockConflict c = only(report, waiter);
                assertThat(c.cause()).isEqualTo(Cause.WAITING_FOR_LOCK);
                assertThat(c.granted()).isFalse();
                assertThat(c.waitingFor()).contains("Waiting for table metadata lock");
            }
            assertThat(only(report, dropper).query()).contains("DROP TABLE queued");
            assertThat(only(report, reader).query()).contains("SELECT COUNT(*) FROM queued");
        }

        @Test
        void aTransactionThatUsedOnlyAnotherTableIsStillListedBecauseTablesCannotBeSeen() throws SQLException {
            Connection other = sessions.inTransaction();
            readAll(other, "SELECT * FROM orders WHERE id = 1");

            MySqlLockReport report = inspect("audit");

            assertThat(alterRuns("audit")).isTrue();
            assertThat(only(report, id(other)).cause()).isEqualTo(Cause.IN_TRANSACTION);
        }

        @Test
        void lockTablesInAnIdleSessionIsABlindSpot() throws SQLException {
            Connection locker = sessions.autocommit();
            execute(locker, "LOCK TABLES audit READ");
            try {
                assertThat(alterWaits("audit")).isTrue();
                assertThat(inspect("audit").conflicts()).isEmpty();
            } finally {
                execute(locker, "UNLOCK TABLES");
            }
        }

        @Test
        void serverAndVersionAsMeasured() throws SQLException {
            MySqlLockReport report = inspect("audit");
            assertThat(report.serverVersion().toLowerCase(Locale.ROOT)).contains("mariadb");
        }
    }
}
