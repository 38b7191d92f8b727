package io.ddlguard.it;

import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.PoolMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ddlguard.it.GuardRig.refuse;
import static io.ddlguard.it.GuardRig.single;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ddlguard behind a real PgBouncer, in transaction and in session pooling, with more clients than server
 * connections so that server sessions rotate between clients: every guarded statement keeps its bound, no server
 * session keeps anything ddlguard set, a holder is traced to this application's code only where that is certain, and
 * {@code TERMINATE} never ends a session it cannot prove its own. Skipped when no {@code pgbouncer} is installed.
 */
class PgBouncerIT {

    private static final String DATABASE = "pgbouncer_it";
    private static final int POOL_SIZE = 4;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(1);
    /** Time a refusal may take beyond lockWait: the pooler's queue, a busy CI machine. */
    private static final long MARGIN_MILLIS = 1_500;
    private static final int TRIES = 5;

    private static DataSource direct;

    @BeforeAll
    static void createDatabase() throws SQLException {
        PgBouncer.binary(); // skips the class, with the reason, when there is none
        direct = PostgresServer.newDatabase(DATABASE);
        try (Connection c = direct.getConnection()) {
            // a role that is no superuser, so that TERMINATE may end its sessions
            execute(c, "do $$ begin create role " + PgBouncer.APP_ROLE + " login; exception when duplicate_object"
                    + " then null; end $$; grant all on schema public to " + PgBouncer.APP_ROLE);
        }
    }

    /** The tables the tests lock, owned by the application's role, which drops them. */
    private static void tables() throws SQLException {
        try (Connection c = direct.getConnection()) {
            execute(c, "drop table if exists t cascade; create table t (id int primary key, v text);"
                    + " alter table t owner to " + PgBouncer.APP_ROLE + "; create table if not exists other (id int);"
                    + " grant select on other to " + PgBouncer.APP_ROLE);
        }
    }

    private static DdlGuard guard(DropPolicy policy, PoolMode mode) {
        return DdlGuard.builder().dropPolicy(policy).lockWait(LOCK_WAIT).attemptTimeout(Duration.ofMillis(100))
                .poolMode(mode).build();
    }

    /** The server's pid of {@code c}'s current session (behind the pooler, not what pgjdbc was given). */
    private static long serverPid(Connection c) throws SQLException {
        return Long.parseLong(single(c, "select pg_backend_pid()"));
    }

    /** What the pool's server sessions show of ddlguard's setting: every one of them, pinned at once. */
    private static Map<Long, String> lockTimeoutOfEveryServerSession(DataSource pooled) throws Exception {
        List<Connection> pinned = new ArrayList<>();
        Map<Long, String> seen = new HashMap<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                Connection c = pooled.getConnection();
                pinned.add(c);
                c.setAutoCommit(false); // a transaction pins its server session until it ends
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "select pg_backend_pid(), current_setting('lock_timeout')")) {
                    rs.next();
                    seen.put(rs.getLong(1), rs.getString(2));
                }
            }
        } finally {
            for (Connection c : pinned) {
                c.rollback();
                c.close();
            }
        }
        return seen;
    }

    /** Clients that keep the pool's server sessions rotating: short transactions, back to back, until stopped. */
    private static final class Churn implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger transactions = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private final CountDownLatch started;

        Churn(DataSource pooled, int clients) throws InterruptedException {
            started = new CountDownLatch(clients);
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(() -> {
                    try (Connection c = pooled.getConnection()) {
                        started.countDown();
                        while (!stop.get()) {
                            readAll(c, "select count(*) from other");
                            transactions.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        if (!stop.get()) {
                            throw new IllegalStateException("a churning client failed", e);
                        }
                    }
                }, "churn-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            started.await();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    /** One PgBouncer for the nested class's tests, in its mode, and fresh tables before each test. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract class Pooler {

        private final PgBouncer.Mode mode;
        PgBouncer bouncer;
        DataSource pooled;
        /** Through the pooler as the application's role, which may end its own sessions. */
        DataSource app;

        Pooler(PgBouncer.Mode mode) {
            this.mode = mode;
        }

        @BeforeAll
        void startPooler() throws Exception {
            bouncer = PgBouncer.start(DATABASE, mode, POOL_SIZE);
            pooled = bouncer.dataSource();
            app = bouncer.dataSource(PgBouncer.APP_ROLE);
        }

        @AfterAll
        void stopPooler() {
            if (bouncer != null) {
                bouncer.close();
            }
        }

        @BeforeEach
        void createTables() throws SQLException {
            tables();
        }
    }

    @Nested
    class TransactionPooling extends Pooler {

        TransactionPooling() {
            super(PgBouncer.Mode.TRANSACTION);
        }

        @Test
        void everyPolicyRefusesAHeldTableWithinLockWaitEveryTimeWhileServerSessionsRotate() throws Exception {
            try (Connection holder = pooled.getConnection(); Churn churn = new Churn(pooled, 6)) {
                holder.setAutoCommit(false);
                readAll(holder, "select * from t");
                List<String> timings = new ArrayList<>();
                for (DropPolicy policy : DropPolicy.values()) {
                    DataSource guarded = guard(policy, PoolMode.TRANSACTION).wrap(pooled);
                    for (int i = 0; i < TRIES; i++) {
                        try (Connection ddl = guarded.getConnection()) {
                            GuardRig.Refusal r = refuse(ddl, "DROP TABLE t");
                            assertThat(r.millis()).as("%s, try %d", policy, i + 1)
                                    .isLessThan(LOCK_WAIT.toMillis() + MARGIN_MILLIS);
                            timings.add(policy + " " + r.millis() + " ms");
                        }
                    }
                }
                assertThat(churn.transactions.get()).as("the other clients kept running").isPositive();
                assertThat(single(holder, "select count(*) from t")).as("the holder was left alone").isEqualTo("0");
                System.out.println("[timing] behind PgBouncer (transaction pooling): " + String.join(", ", timings));
            }
            try (Connection c = direct.getConnection()) {
                assertThat(single(c, "select to_regclass('t') is not null")).isEqualTo("t");
            }
        }

        @Test
        void noServerSessionKeepsAnySettingAfterManyGuardedStatements() throws Exception {
            DataSource guarded = guard(DropPolicy.FAIL, PoolMode.TRANSACTION).wrap(pooled);
            try (Churn churn = new Churn(pooled, 6)) {
                for (int i = 0; i < 10; i++) {
                    try (Connection c = guarded.getConnection()) {
                        execute(c, "create table x" + i + " (id int)");
                        execute(c, "alter table x" + i + " add column v text");
                        c.setAutoCommit(false);
                        execute(c, "alter table x" + i + " add column w int");
                        c.commit();
                        c.setAutoCommit(true);
                        execute(c, "drop table x" + i);
                    }
                }
                try (Connection holder = pooled.getConnection(); Connection c = guarded.getConnection()) {
                    holder.setAutoCommit(false);
                    readAll(holder, "select * from t");
                    for (int i = 0; i < 5; i++) {
                        refuse(c, "ALTER TABLE t ADD COLUMN w int");
                    }
                    holder.rollback();
                }
            }
            // a concurrent build waits for every snapshot older than it: not while others churn
            for (int i = 0; i < 5; i++) {
                try (Connection c = guarded.getConnection()) {
                    execute(c, "create table y" + i + " (v text)");
                    execute(c, "create index concurrently y" + i + "_v on y" + i + " (v)");
                    execute(c, "drop index concurrently y" + i + "_v");
                    execute(c, "drop table y" + i);
                }
            }

            Map<Long, String> sessions = lockTimeoutOfEveryServerSession(pooled);

            assertThat(sessions).hasSize(POOL_SIZE);
            assertThat(sessions.values()).as("lock_timeout of every server session, by pid: %s", sessions)
                    .containsOnly("0");
        }

        @Test
        void aHolderBorrowedThroughTheGuardIsNotTracedAndTerminateEndsNoOne() throws Exception {
            DdlGuard guard = guard(DropPolicy.TERMINATE, PoolMode.TRANSACTION);
            DataSource guarded = guard.wrap(app);
            try (Connection holder = guarded.getConnection(); Connection ddl = guarded.getConnection()) {
                holder.setAutoCommit(false);
                readAll(holder, "select * from t");
                long holderPid = serverPid(holder);

                GuardRig.Refusal r = refuse(ddl, "DROP TABLE t");
                System.out.println("[report] behind PgBouncer (transaction pooling), TERMINATE:\n"
                        + r.exception().getMessage());

                assertThat(r.millis()).isLessThan(LOCK_WAIT.toMillis() + MARGIN_MILLIS);
                List<LockHolder> blockers = r.exception().blockers();
                assertThat(blockers).extracting(h -> h.pid().getAsLong()).containsExactly(holderPid);
                assertThat(blockers.get(0).origin()).as("never traced through a pooler that pools transactions")
                        .isEmpty();
                assertThat(r.exception().getMessage()).contains("connection pooler")
                        .contains("no holder can be traced to this application's code, and TERMINATE ends none");
                assertThat(single(holder, "select count(*) from t")).isEqualTo("0");
            }
        }

        @Test
        void aPoolerDeclaredToPoolSessionsIsCaughtRotatingAndNothingIsTracedFromThen() throws Exception {
            DataSource guarded = guard(DropPolicy.FAIL, PoolMode.SESSION).wrap(app);
            try (Churn churn = new Churn(pooled, 6); Connection ddl = guarded.getConnection()) {
                // each guarded statement's transaction tells its server pid; under churn they soon differ
                for (int i = 0; i < 50; i++) {
                    execute(ddl, "comment on table t is 'round " + i + "'");
                }
            }
            try (Connection holder = guarded.getConnection(); Connection ddl = guarded.getConnection()) {
                holder.setAutoCommit(false);
                readAll(holder, "select * from t");

                DropBlockedException refused = refuse(ddl, "DROP TABLE t").exception();

                assertThat(refused.blockers().get(0).origin()).isEmpty();
                assertThat(refused.getMessage()).contains("hands out server sessions per transaction");
            }
        }

        @Test
        void aConcurrentlyFormIsCheckedAndRunsWithoutTouchingTheSessionsTimeout() throws Exception {
            DataSource guarded = guard(DropPolicy.FAIL, PoolMode.TRANSACTION).wrap(pooled);
            try (Connection writer = pooled.getConnection(); Connection ddl = guarded.getConnection()) {
                writer.setAutoCommit(false);
                execute(writer, "insert into t values (1, 'a')");

                DropBlockedException refused = refuse(ddl, "CREATE INDEX CONCURRENTLY t_v ON t (v)").exception();
                assertThat(refused.blockers()).extracting(LockHolder::mode).contains("RowExclusiveLock");

                writer.commit();
                execute(ddl, "CREATE INDEX CONCURRENTLY t_v ON t (v)");
            }
            assertThat(lockTimeoutOfEveryServerSession(pooled).values()).containsOnly("0");
        }
    }

    @Nested
    class SessionPooling extends Pooler {

        SessionPooling() {
            super(PgBouncer.Mode.SESSION);
        }

        /** What an application's report job does: borrows, reads, and forgets to end its transaction. */
        private Connection borrowForTheNightlyReport(DataSource guarded) throws SQLException {
            Connection c = guarded.getConnection();
            c.setAutoCommit(false);
            readAll(c, "select * from t");
            return c;
        }

        @Test
        void aHolderBorrowedThroughTheGuardIsTracedToTheMethodThatBorrowedIt() throws Exception {
            DataSource guarded = guard(DropPolicy.FAIL, PoolMode.SESSION).wrap(app);
            try (Connection holder = borrowForTheNightlyReport(guarded); Connection ddl = guarded.getConnection()) {
                long holderPid = serverPid(holder);

                DropBlockedException refused = refuse(ddl, "DROP TABLE t").exception();
                System.out.println("[report] behind PgBouncer (session pooling, poolMode SESSION):\n"
                        + refused.getMessage());

                LockHolder blocker = refused.blockers().get(0);
                assertThat(blocker.pid()).hasValue(holderPid);
                assertThat(blocker.origin()).isPresent();
                assertThat(blocker.origin().get().stack()).anyMatch(f ->
                        f.getMethodName().equals("borrowForTheNightlyReport"));
                assertThat(refused.getMessage()).contains("borrowForTheNightlyReport");
            }
        }

        @Test
        void terminateEndsTheTracedHolderAndTheDropRuns() throws Exception {
            DdlGuard guard = guard(DropPolicy.TERMINATE, PoolMode.SESSION);
            DataSource guarded = guard.wrap(app);
            try (Connection holder = borrowForTheNightlyReport(guarded); Connection ddl = guarded.getConnection();
                 Connection observer = direct.getConnection()) {
                long holderPid = serverPid(holder);

                execute(ddl, "DROP TABLE t");

                GuardRig.awaitSessionGone(observer, holderPid);
                assertThat(single(observer, "select to_regclass('t') is null")).isEqualTo("t");
            }
        }

        @Test
        void underTheDefaultPoolModeTheSameHolderIsNotTracedAndTheReportSaysWhy() throws Exception {
            DataSource guarded = guard(DropPolicy.FAIL, PoolMode.TRANSACTION).wrap(pooled);
            try (Connection holder = borrowForTheNightlyReport(guarded); Connection ddl = guarded.getConnection()) {
                DropBlockedException refused = refuse(ddl, "DROP TABLE t").exception();

                assertThat(refused.blockers().get(0).origin()).isEmpty();
                assertThat(refused.getMessage()).contains("poolMode TRANSACTION");
            }
        }

        @Test
        void aConcurrentlyFormGetsASessionTimeoutThatIsPutBack() throws Exception {
            DataSource guarded = guard(DropPolicy.FAIL, PoolMode.SESSION).wrap(pooled);
            try (Connection ddl = guarded.getConnection()) {
                execute(ddl, "CREATE INDEX CONCURRENTLY t_v ON t (v)");
                assertThat(GuardRig.show(ddl, "lock_timeout")).isEqualTo("0");
            }
            assertThat(lockTimeoutOfEveryServerSession(pooled).values()).containsOnly("0");
        }
    }
}
