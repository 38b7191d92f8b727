package io.ddlguard.it;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockMode;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PlannedLock;
import io.ddlguard.dialect.postgres.PostgresLockInspector;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link PostgresLockInspector} on embedded PostgreSQL: real sessions holding real locks. */
class PostgresLockInspectorIT {

    private static final String SCHEMA = """
            drop schema if exists app cascade;
            drop schema if exists staging cascade;
            create schema app;
            create table app.parent (id serial primary key, name text);
            create index parent_name_idx on app.parent (name);
            create table app.child (id serial primary key, parent_id int references app.parent);
            create table app.audit (id int primary key);
            create table app.events (id int, day int) partition by range (day);
            create table app.events_1 partition of app.events for values from (0) to (100);
            create table app.events_2 partition of app.events for values from (100) to (200);
            create schema staging;
            insert into app.parent (name) select 'p' || g from generate_series(1, 200) g;
            """;

    private static DataSource dataSource;
    private static DataSource otherDatabase;

    private final PostgresLockPlanner planner = new PostgresLockPlanner();
    private final PostgresLockInspector inspector = new PostgresLockInspector();
    private Sessions sessions;
    private Connection ddl;

    @BeforeAll
    static void createDatabase() {
        dataSource = PostgresServer.newDatabase("lock_inspector_it");
        otherDatabase = PostgresServer.newDatabase("lock_inspector_other_it");
    }

    @BeforeEach
    void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            execute(c, SCHEMA);
        }
        sessions = new Sessions(dataSource);
        ddl = sessions.autocommit("ddl");
    }

    @AfterEach
    void endSessions() throws SQLException {
        sessions.close();
    }

    private List<LockConflict> holders(String sql) throws SQLException {
        DdlElement element = DdlParser.parse(sql, Dialect.POSTGRESQL).get(0);
        LockPlan plan = planner.plan(ddl, element);
        return inspector.holders(ddl, plan);
    }

    /**
     * Ground truth: runs {@code sql} on the DDL connection under a 300 ms {@code lock_timeout} and says whether it
     * had to wait (55P03). PostgreSQL waits for lockers and older snapshots through lock requests, so the timeout
     * covers those waits too; a timed-out CONCURRENTLY form leaves an INVALID index behind, which the next
     * test's schema reset drops.
     */
    private boolean waits(String sql) throws SQLException {
        try {
            execute(ddl, "set lock_timeout = '300ms'");
            execute(ddl, sql);
            return false;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return true;
            }
            throw e;
        } finally {
            execute(ddl, "reset lock_timeout");
        }
    }

    private static List<String> relations(List<LockConflict> holders) {
        return holders.stream().map(h -> h.target().displayName()).distinct().sorted().toList();
    }

    private static List<Integer> pids(List<LockConflict> holders) {
        return holders.stream().map(h -> h.pid().orElse(-1)).distinct().sorted().toList();
    }

    @Nested
    class Blockers {

        @Test
        void anIdleInTransactionReaderIsNamedWithItsStateAndLastQuery() throws SQLException {
            Connection reader = sessions.inTransaction("report-job");
            readAll(reader, "select * from app.parent");

            List<LockConflict> holders = holders("DROP TABLE app.parent");

            assertThat(pids(holders)).containsExactly(pid(reader));
            assertThat(relations(holders)).containsExactly("app.parent", "app.parent_name_idx", "app.parent_pkey");
            LockConflict holder = holders.get(0);
            assertThat(holder.state()).contains("idle in transaction");
            assertThat(holder.applicationName()).contains("report-job");
            assertThat(holder.query()).contains("select * from app.parent");
            assertThat(holder.mode()).isEqualTo(LockMode.ACCESS_SHARE);
            assertThat(holder.granted()).isTrue();
            assertThat(holder.rootPid()).contains(pid(reader));
            assertThat(holder.transactionStart()).isPresent();
            assertThat(holder.stateChange()).isPresent();
            assertThat(holder.backendType()).contains("client backend");
            assertThat(holder.gid()).isEmpty();
            assertThat(holder.visibility()).isEqualTo(LockConflict.Visibility.FULL);
            assertThat(holder.cause()).isEqualTo(LockConflict.Cause.LOCK);
        }

        @Test
        void aClosedStreamingResultSetStillHoldsItsLockUntilCommit() throws SQLException {
            Connection streaming = sessions.inTransaction("streamer");
            try (Statement s = streaming.createStatement()) {
                s.setFetchSize(10);
                try (ResultSet rs = s.executeQuery("select * from app.parent")) {
                    assertThat(rs.next()).isTrue();
                }
            }

            assertThat(pids(holders("DROP TABLE app.parent"))).containsExactly(pid(streaming));
            streaming.commit();
            assertThat(holders("DROP TABLE app.parent")).isEmpty();
        }

        @Test
        void aReaderOfTheTableADroppedChildReferencesBlocksTheDrop() throws SQLException {
            Connection reader = sessions.inTransaction("reader");
            readAll(reader, "select * from app.parent");

            List<LockConflict> holders = holders("DROP TABLE app.child");

            assertThat(pids(holders)).containsExactly(pid(reader));
            assertThat(relations(holders)).contains("app.parent");
        }

        @Test
        void anUncommittedInsertIntoAChildBlocksDroppingTheParentWithCascade() throws SQLException {
            Connection writer = sessions.inTransaction("writer");
            execute(writer, "insert into app.child (parent_id) values (1)");

            List<LockConflict> holders = holders("DROP TABLE app.parent CASCADE");

            assertThat(pids(holders)).containsExactly(pid(writer));
            assertThat(holders).anySatisfy(h -> {
                assertThat(h.target().displayName()).isEqualTo("app.child");
                assertThat(h.mode()).isEqualTo(LockMode.ROW_EXCLUSIVE);
            });
        }

        @Test
        void aReaderOfAPartitionBlocksDroppingThePartitionedTable() throws SQLException {
            Connection reader = sessions.inTransaction("reader");
            readAll(reader, "select * from app.events_2");

            List<LockConflict> holders = holders("DROP TABLE app.events");

            assertThat(pids(holders)).containsExactly(pid(reader));
            assertThat(relations(holders)).containsExactly("app.events_2");
        }

        @Test
        void aPreparedTransactionWhoseSessionIsGoneIsReportedByItsGid() throws SQLException {
            try (Connection preparer = dataSource.getConnection()) {
                execute(preparer, "begin; insert into app.audit values (1); prepare transaction 'ddlguard-it-1'");
            }
            try {
                List<LockConflict> holders = holders("DROP TABLE app.audit");

                assertThat(holders).isNotEmpty().allSatisfy(h -> {
                    assertThat(h.pid()).isEmpty();
                    assertThat(h.gid()).contains("ddlguard-it-1");
                    assertThat(h.isPreparedTransaction()).isTrue();
                    assertThat(h.visibility()).isEqualTo(LockConflict.Visibility.NO_SESSION);
                    assertThat(h.rootPid()).isEmpty();
                });
                assertThat(relations(holders)).contains("app.audit");
            } finally {
                execute(ddl, "rollback prepared 'ddlguard-it-1'");
            }
            assertThat(holders("DROP TABLE app.audit")).isEmpty();
        }

        @Test
        void aBlockerThatIsItselfWaitingIsReportedWithTheRootOfItsChain() throws Exception {
            Connection root = sessions.inTransaction("root");
            readAll(root, "select * from app.parent");
            Connection waiter = sessions.inTransaction("waiter");
            readAll(waiter, "select * from app.audit");
            CompletableFuture<Void> locking = CompletableFuture.runAsync(() -> {
                try {
                    execute(waiter, "lock table app.parent in access exclusive mode");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                Sessions.awaitLockWait(ddl, pid(waiter));

                List<LockConflict> onAudit = holders("DROP TABLE app.audit");
                assertThat(relations(onAudit)).containsExactly("app.audit", "app.audit_pkey");
                assertThat(onAudit).allSatisfy(h -> {
                    assertThat(h.pid()).contains(pid(waiter));
                    assertThat(h.rootPid()).contains(pid(root));
                    assertThat(h.waitEvent()).contains("Lock:relation");
                });

                List<LockConflict> onParent = holders("DROP TABLE app.parent");
                assertThat(onParent).anySatisfy(h -> {
                    assertThat(h.pid()).contains(pid(waiter));
                    assertThat(h.granted()).isFalse();
                    assertThat(h.mode()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
                    assertThat(h.rootPid()).contains(pid(root));
                });
                assertThat(onParent).anySatisfy(h -> {
                    assertThat(h.pid()).contains(pid(root));
                    assertThat(h.rootPid()).contains(pid(root));
                });
            } finally {
                root.rollback();
                locking.get(10, TimeUnit.SECONDS);
            }
        }

        @Test
        void anUncommittedCreateTableInASchemaBlocksDroppingTheSchema() throws SQLException {
            Connection creator = sessions.inTransaction("creator");
            execute(creator, "create table staging.scratch (id int)");

            List<LockConflict> holders = holders("DROP SCHEMA staging CASCADE");

            assertThat(holders).singleElement().satisfies(h -> {
                assertThat(h.pid()).contains(pid(creator));
                assertThat(h.target().kind()).isEqualTo(PlannedLock.Kind.SCHEMA);
                assertThat(h.target().name()).isEqualTo("staging");
                assertThat(h.mode()).isEqualTo(LockMode.ACCESS_SHARE);
            });
        }

        @Test
        void aReaderOfTheTableBlocksDroppingOneOfItsIndexes() throws SQLException {
            Connection reader = sessions.inTransaction("reader");
            readAll(reader, "select * from app.parent");

            List<LockConflict> holders = holders("DROP INDEX app.parent_name_idx");

            assertThat(pids(holders)).containsExactly(pid(reader));
            assertThat(relations(holders)).contains("app.parent", "app.parent_name_idx");
        }

        @Test
        void createIndexIsBlockedByAWriterButNotByAReader() throws SQLException {
            Connection reader = sessions.inTransaction("reader");
            readAll(reader, "select * from app.parent");
            Connection writer = sessions.inTransaction("writer");
            execute(writer, "update app.parent set name = 'x' where id = 1");

            List<LockConflict> holders = holders("CREATE INDEX parent_id_name_idx ON app.parent (id, name)");

            assertThat(pids(holders)).containsExactly(pid(writer));
            assertThat(relations(holders)).containsExactly("app.parent");
        }
    }

    /**
     * {@code CREATE INDEX CONCURRENTLY} and {@code DROP INDEX CONCURRENTLY}: the waits after their own lock, each
     * checked against what the server really does ({@link #waits}).
     */
    @Nested
    class ConcurrentForms {

        private static final String CREATE_CONCURRENTLY =
                "CREATE INDEX CONCURRENTLY parent_name2_idx ON app.parent (name)";
        private static final String DROP_CONCURRENTLY = "DROP INDEX CONCURRENTLY app.parent_name_idx";

        @Test
        void createIndexConcurrentlyWaitsForAnIdleTransactionThatOnlyReadAnotherTable() throws SQLException {
            Connection snapshot = sessions.inTransaction("snapshot-holder");
            readAll(snapshot, "select 1 from app.audit");

            List<LockConflict> holders = holders(CREATE_CONCURRENTLY);

            assertThat(holders).singleElement().satisfies(h -> {
                assertThat(h.cause()).isEqualTo(LockConflict.Cause.OLDER_SNAPSHOT);
                assertThat(h.pid()).contains(pid(snapshot));
                assertThat(h.mode()).isEqualTo(LockMode.EXCLUSIVE);
                assertThat(h.granted()).isTrue();
                assertThat(h.target().displayName()).isEqualTo("app.parent");
                assertThat(h.target().mode()).isEqualTo(LockMode.SHARE_UPDATE_EXCLUSIVE);
                assertThat(h.applicationName()).contains("snapshot-holder");
                assertThat(h.state()).contains("idle in transaction");
                assertThat(h.query()).contains("select 1 from app.audit");
                assertThat(h.rootPid()).contains(pid(snapshot));
                assertThat(h.visibility()).isEqualTo(LockConflict.Visibility.FULL);
            });
            assertThat(waits(CREATE_CONCURRENTLY)).isTrue();
        }

        @Test
        void createIndexConcurrentlyWaitsForAWriterOfTheTableThroughItsLock() throws SQLException {
            Connection writer = sessions.inTransaction("writer");
            execute(writer, "update app.parent set name = 'x' where id = 1");

            List<LockConflict> holders = holders(CREATE_CONCURRENTLY);

            assertThat(holders).singleElement().satisfies(h -> {
                assertThat(h.cause()).isEqualTo(LockConflict.Cause.LOCK);
                assertThat(h.pid()).contains(pid(writer));
                assertThat(h.mode()).isEqualTo(LockMode.ROW_EXCLUSIVE);
                assertThat(h.granted()).isTrue();
                assertThat(h.target().displayName()).isEqualTo("app.parent");
            });
            assertThat(waits(CREATE_CONCURRENTLY)).isTrue();
        }

        @Test
        void aReaderOfTheTableIsWaitedForThroughItsSnapshotNotItsLock() throws SQLException {
            Connection reader = sessions.inTransaction("reader");
            readAll(reader, "select * from app.parent");

            List<LockConflict> holders = holders(CREATE_CONCURRENTLY);

            assertThat(holders).singleElement().satisfies(h -> {
                assertThat(h.cause()).isEqualTo(LockConflict.Cause.OLDER_SNAPSHOT);
                assertThat(h.pid()).contains(pid(reader));
            });
            assertThat(waits(CREATE_CONCURRENTLY)).isTrue();
        }

        @Test
        void aWriterThatAlsoHoldsASnapshotIsReportedOnceForItsLock() throws SQLException {
            Connection writer = sessions.inTransaction("writer");
            execute(writer, "update app.parent set name = 'x' where id = 1");
            readAll(writer, "select 1");

            List<LockConflict> holders = holders(CREATE_CONCURRENTLY);

            assertThat(holders).isNotEmpty().allSatisfy(h -> {
                assertThat(h.pid()).contains(pid(writer));
                assertThat(h.cause()).isEqualTo(LockConflict.Cause.LOCK);
            });
        }

        @Test
        void idleAutocommitSessionsOtherDatabasesAndWritersOfOtherTablesAreNotWaitedFor() throws SQLException {
            Connection idle = sessions.autocommit("idle");
            readAll(idle, "select * from app.parent");
            try (Sessions elsewhere = new Sessions(otherDatabase)) {
                Connection otherDb = elsewhere.inTransaction("other-database");
                readAll(otherDb, "select 1");
                Connection writer = sessions.inTransaction("writer-of-audit");
                execute(writer, "insert into app.audit values (1)");
                // The writer has a transaction id but, between statements, no snapshot: PostgreSQL skips it.
                assertThat(snapshotColumns(pid(writer))).isEqualTo("xid set, xmin null");
                assertThat(snapshotColumns(pid(otherDb))).isEqualTo("xid null, xmin set");

                assertThat(holders(CREATE_CONCURRENTLY)).isEmpty();
                assertThat(waits(CREATE_CONCURRENTLY)).isFalse();
            }
        }

        @Test
        void aPreparedWriterOfTheTableIsWaitedForButOneOfAnotherTableIsNot() throws SQLException {
            try (Connection preparer = dataSource.getConnection()) {
                execute(preparer, "begin; insert into app.audit values (1); prepare transaction 'ddlguard-it-audit'");
            }
            try {
                assertThat(holders(CREATE_CONCURRENTLY)).isEmpty();
                assertThat(waits(CREATE_CONCURRENTLY)).isFalse();

                try (Connection preparer = dataSource.getConnection()) {
                    execute(preparer, "begin; update app.parent set name = 'x' where id = 1; "
                            + "prepare transaction 'ddlguard-it-parent'");
                }
                try {
                    assertThat(holders(CREATE_CONCURRENTLY)).singleElement().satisfies(h -> {
                        assertThat(h.gid()).contains("ddlguard-it-parent");
                        assertThat(h.cause()).isEqualTo(LockConflict.Cause.LOCK);
                        assertThat(h.mode()).isEqualTo(LockMode.ROW_EXCLUSIVE);
                    });
                    assertThat(waits("CREATE INDEX CONCURRENTLY parent_name3_idx ON app.parent (name)")).isTrue();
                } finally {
                    execute(ddl, "rollback prepared 'ddlguard-it-parent'");
                }
            } finally {
                execute(ddl, "rollback prepared 'ddlguard-it-audit'");
            }
        }

        @Test
        void dropIndexConcurrentlyWaitsForEveryLockerOfTheTableButForNoSnapshot() throws SQLException {
            Connection snapshot = sessions.inTransaction("snapshot-holder");
            readAll(snapshot, "select 1 from app.audit");
            Connection reader = sessions.inTransaction("reader");
            readAll(reader, "select * from app.parent");

            List<LockConflict> holders = holders(DROP_CONCURRENTLY);

            assertThat(holders).singleElement().satisfies(h -> {
                assertThat(h.cause()).isEqualTo(LockConflict.Cause.LOCK);
                assertThat(h.pid()).contains(pid(reader));
                assertThat(h.mode()).isEqualTo(LockMode.ACCESS_SHARE);
                assertThat(h.target().displayName()).isEqualTo("app.parent");
                assertThat(h.target().mode()).isEqualTo(LockMode.SHARE_UPDATE_EXCLUSIVE);
            });
            assertThat(waits(DROP_CONCURRENTLY)).isTrue();

            reader.rollback();
            assertThat(holders(DROP_CONCURRENTLY)).isEmpty();
            assertThat(waits(DROP_CONCURRENTLY)).isFalse();
        }

        private String snapshotColumns(int pid) throws SQLException {
            try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery("select backend_xid is not null, "
                    + "backend_xmin is not null from pg_stat_activity where pid = " + pid)) {
                assertThat(rs.next()).isTrue();
                return "xid " + (rs.getBoolean(1) ? "set" : "null") + ", xmin " + (rs.getBoolean(2) ? "set" : "null");
            }
        }
    }

    @Nested
    class NoBlockers {

        @Test
        void advisoryLocksNeverConflictWithRelationLocks() throws SQLException {
            Connection advisory = sessions.inTransaction("advisory");
            readAll(advisory, "select pg_advisory_lock(42), pg_advisory_xact_lock(43), "
                    + "pg_advisory_lock('app.parent'::regclass::oid::bigint)");

            assertThat(holders("DROP TABLE app.parent")).isEmpty();
            execute(advisory, "select pg_advisory_unlock_all()");
        }

        @Test
        void theDdlsOwnTransactionNeverBlocksIt() throws SQLException {
            ddl.setAutoCommit(false);
            readAll(ddl, "select * from app.parent");
            execute(ddl, "insert into app.child (parent_id) values (1)");

            assertThat(holders("DROP TABLE app.parent CASCADE")).isEmpty();
        }

        @Test
        void anIdleAutocommitSessionHoldsNothing() throws SQLException {
            Connection idle = sessions.autocommit("idle");
            try (Statement s = idle.createStatement()) {
                s.setFetchSize(10);
                readAll(idle, "select * from app.parent");
            }

            assertThat(holders("DROP TABLE app.parent")).isEmpty();
        }

        @Test
        void aHoldCursorAfterCommitHoldsNoLock() throws SQLException {
            Connection cursor = sessions.inTransaction("cursor");
            execute(cursor, "declare c cursor with hold for select * from app.parent");
            cursor.commit();
            readAll(cursor, "fetch 5 from c");

            assertThat(holders("DROP TABLE app.parent")).isEmpty();
            execute(cursor, "close c");
        }

        @Test
        void droppingATableThatDoesNotExistPlansNothing() throws SQLException {
            Connection reader = sessions.inTransaction("reader");
            readAll(reader, "select * from app.parent");

            assertThat(holders("DROP TABLE IF EXISTS app.missing")).isEmpty();
        }
    }
}
