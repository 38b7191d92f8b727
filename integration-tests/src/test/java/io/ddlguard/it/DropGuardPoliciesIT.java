package io.ddlguard.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.it.GuardRig.Refusal;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.GuardRig.awaitActivity;
import static io.ddlguard.it.GuardRig.awaitSessionGone;
import static io.ddlguard.it.GuardRig.millisSince;
import static io.ddlguard.it.GuardRig.refuse;
import static io.ddlguard.it.GuardRig.sessionExists;
import static io.ddlguard.it.GuardRig.show;
import static io.ddlguard.it.GuardRig.single;
import static io.ddlguard.it.GuardRig.timed;
import static io.ddlguard.it.PooledDatabase.POSTGRESQL;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What each {@link DropPolicy} does on PostgreSQL while another session holds a lock the DROP needs, and the state
 * a refused statement leaves its pooled connection in. The embedded server's sessions are superusers, which
 * {@code TERMINATE} never ends, so the holders to terminate (or not) log in as the plain role {@value #APP_ROLE}
 * through a second pool. Durations are measured with {@link System#nanoTime()}; bounds are generous.
 */
class DropGuardPoliciesIT {

    private static final String APP_ROLE = "drop_guard_app";
    /** A second plain role, which {@value #APP_ROLE} may not signal. */
    private static final String OTHER_ROLE = "drop_guard_other";
    private static final long MARGIN_MILLIS = 1_500;
    /** How much longer than the per-attempt timeout another session's query may take, for scheduling noise. */
    private static final long QUERY_SLACK_MILLIS = 1_000;
    private static final String DROP = "DROP TABLE app.parent CASCADE";

    private static final String SCHEMA = """
            drop schema if exists app cascade;
            create schema app;
            create table app.parent (id int primary key, name text);
            create table app.child (id int primary key, parent_id int references app.parent);
            create table app.audit (id int primary key);
            insert into app.parent select g, 'p' || g from generate_series(1, 200) g;
            grant usage on schema app to drop_guard_app, drop_guard_other;
            grant select, insert, update, delete on all tables in schema app to drop_guard_app, drop_guard_other;
            """;

    private static HikariDataSource pool;
    private static HikariDataSource appPool;
    private static HikariDataSource otherPool;
    private GuardRig rig;

    @BeforeAll
    static void openPools() throws SQLException {
        pool = POSTGRESQL.open("drop_guard_policies_it", 12);
        appPool = rolePool(APP_ROLE);
        otherPool = rolePool(OTHER_ROLE);
    }

    /** A pool of up to 6 sessions logged in as plain role {@code role}, created if missing. */
    private static HikariDataSource rolePool(String role) throws SQLException {
        HikariConfig config = new HikariConfig();
        try (Connection c = pool.getConnection()) {
            execute(c, "do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then "
                    + "create role " + role + " login nosuperuser; end if; end $$");
            config.setJdbcUrl(GuardRig.jdbcUrl(c));
        }
        config.setUsername(role);
        config.setPoolName("drop-guard-policies-" + role);
        config.setMaximumPoolSize(6);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    @AfterAll
    static void closePools() {
        otherPool.close();
        appPool.close();
        pool.close();
    }

    @BeforeEach
    void createSchema() throws SQLException {
        try (Connection c = pool.getConnection()) {
            execute(c, SCHEMA);
        }
        rig = new GuardRig(pool);
    }

    @AfterEach
    void cleanUp() throws Exception {
        rig.close();
    }

    private static DdlGuard guard(DropPolicy policy, Duration lockWait, Duration attemptTimeout) {
        return DdlGuard.builder().dropPolicy(policy).lockWait(lockWait).attemptTimeout(attemptTimeout).build();
    }

    private static long pid(Connection c) throws SQLException {
        return Sessions.pid(c);
    }

    private static List<Tuple> holders(DropBlockedException e) {
        return e.blockers().stream().map(h -> tuple(h.pid().orElse(-1), h.relation(), h.mode())).toList();
    }

    private static boolean parentExists(Connection c) throws SQLException {
        return single(c, "select to_regclass('app.parent') is not null").equals("t");
    }

    /** {@code sql} on {@code c} fails because its session was terminated. */
    private static void assertTerminated(Connection c) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> single(c, "select 1"));
        assertThat((Throwable) e).as("the terminated session is unusable").isNotNull();
        assertThat(e.getSQLState()).isIn("57P01", "08006", "08003");
    }

    @Nested
    class Wait {

        @Test
        void whileTheDropWaitsOtherQueriesNeverQueueAndItRunsOnceTheHolderCommits() throws Exception {
            Duration lockWait = Duration.ofSeconds(3);
            Duration attempt = Duration.ofMillis(200);
            DataSource ds = guard(DropPolicy.WAIT, lockWait, attempt).wrap(pool);
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, true);
            long ddlPid = pid(ddl);
            execute(ddl, "set lock_timeout = '7s'");
            Connection third = rig.plain(true);
            execute(third, "set statement_timeout = '5s'");

            long started = System.nanoTime();
            CompletableFuture<Long> drop = rig.background("guarded-drop", () -> timed(ddl, DROP));
            // The guard is waiting: it has inspected the lock table at least once (pg_stat_activity keeps only the
            // first track_activity_query_size bytes of the query, so match its beginning).
            awaitActivity(rig.observer(), ddlPid, "query like '%from pg_catalog.pg_locks%'");

            List<Long> selects = new ArrayList<>();
            long sampling = System.nanoTime();
            while (millisSince(sampling) < 1_000) {
                selects.add(timed(third, "select count(*) from app.parent"));
                assertThat(single(rig.observer(), "select count(*) from pg_locks where not granted and pid = "
                        + ddlPid)).as("the waiting DROP is not in the lock queue").isEqualTo("0");
                Thread.sleep(20);
            }
            assertThat(drop).as("the DROP still waits after the sampling").isNotDone();
            assertThat(selects).hasSizeGreaterThan(10)
                    .allSatisfy(ms -> assertThat(ms).isLessThan(attempt.toMillis() + QUERY_SLACK_MILLIS));

            rig.background("reader-commit", () -> {
                reader.commit();
                return null;
            }).get(5, TimeUnit.SECONDS);
            long dropMillis = drop.get(lockWait.toMillis() + MARGIN_MILLIS, TimeUnit.MILLISECONDS);

            assertThat(dropMillis).isGreaterThanOrEqualTo(1_000).isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(millisSince(started)).isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(parentExists(third)).isFalse();
            assertThat(show(ddl, "lock_timeout")).isEqualTo("7s");
            System.out.printf("[timing] WAIT: %d SELECTs during the wait, slowest %d ms; DROP ran after %d ms%n",
                    selects.size(), selects.stream().mapToLong(Long::longValue).max().orElse(0), dropMillis);
        }

        @Test
        void whenTheHolderStaysTheDropIsRefusedOnceTheBudgetIsSpent() throws SQLException {
            Duration lockWait = Duration.ofSeconds(1);
            DataSource ds = guard(DropPolicy.WAIT, lockWait, Duration.ofMillis(100)).wrap(pool);
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, true);

            Refusal r = refuse(ddl, DROP);

            assertThat(r.millis()).isGreaterThanOrEqualTo(lockWait.toMillis())
                    .isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            DropBlockedException e = r.exception();
            assertThat(e.policy()).isEqualTo(DropPolicy.WAIT);
            assertThat(e.waited()).isGreaterThanOrEqualTo(lockWait);
            assertThat(e.getCause()).as("WAIT never ran the DROP: no lock timeout").isNull();
            assertThat(holders(e)).containsExactly(tuple(pid(reader), "app.parent", "AccessShareLock"));
            assertThat(e.blockers().get(0).origin()).isPresent();
            assertThat(e.getMessage()).contains("its locks were not free within 1.0 s", "policy WAIT",
                    "pid " + pid(reader));
            assertThat(parentExists(ddl)).isTrue();
        }
    }

    @Nested
    class ConnectionHealth {

        @ParameterizedTest
        @EnumSource(DropPolicy.class)
        void inAutocommitTheRefusedConnectionStaysHealthyAndThePoolKeepsIt(DropPolicy policy) throws SQLException {
            Duration lockWait = Duration.ofMillis(600);
            DataSource ds = guard(policy, lockWait, Duration.ofMillis(100)).wrap(pool);
            // A superuser's session: TERMINATE leaves it alone too.
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, true);
            long ddlPid = pid(ddl);
            execute(ddl, "set lock_timeout = '7s'");

            Refusal r = refuse(ddl, DROP);

            assertThat(r.millis()).isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(r.exception().policy()).isEqualTo(policy);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(reader), "app.parent", "AccessShareLock"));
            assertThat(single(ddl, "select 1")).isEqualTo("1");
            assertThat(show(ddl, "lock_timeout")).isEqualTo("7s");
            assertThat(ddl.getAutoCommit()).isTrue();
            assertThat(single(reader, "select count(*) from app.parent")).isEqualTo("200");

            ddl.close();
            Connection again = rig.borrow(ds, true);
            assertThat(pid(again)).as("the pool kept the connection").isEqualTo(ddlPid);
            assertThat(single(again, "select 1")).isEqualTo("1");
            assertThat(show(again, "lock_timeout")).isEqualTo("7s");
            assertThat(parentExists(again)).isTrue();
        }

        @ParameterizedTest
        @EnumSource(DropPolicy.class)
        void inATransactionTheTransactionStaysUsableAndItsSettingsUnchanged(DropPolicy policy) throws SQLException {
            Duration lockWait = Duration.ofMillis(600);
            DataSource ds = guard(policy, lockWait, Duration.ofMillis(100)).wrap(pool);
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, false);
            execute(ddl, "set lock_timeout = '7s'");
            execute(ddl, "insert into app.audit values (1)");

            Refusal r = refuse(ddl, DROP);

            assertThat(r.millis()).isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(reader), "app.parent", "AccessShareLock"));
            assertThat(single(ddl, "select 1")).isEqualTo("1");
            assertThat(show(ddl, "lock_timeout")).isEqualTo("7s");
            execute(ddl, "insert into app.audit values (2)");
            ddl.commit();
            assertThat(single(ddl, "select count(*) from app.audit")).isEqualTo("2");
            assertThat(show(ddl, "lock_timeout")).isEqualTo("7s");
            assertThat(parentExists(ddl)).isTrue();
        }
    }

    @Nested
    class Terminate {

        private final Duration lockWait = Duration.ofSeconds(1);

        @Test
        void aBlockerBorrowedThroughTheGuardIsTerminatedAndTheDropRuns() throws Exception {
            DdlGuard guard = guard(DropPolicy.TERMINATE, Duration.ofSeconds(3), Duration.ofMillis(100));
            Connection own = rig.borrow(guard.wrap(appPool), false);
            readAll(own, "select * from app.parent");
            long ownPid = pid(own);
            Connection ddl = rig.borrow(guard.wrap(pool), true);

            long millis = timed(ddl, DROP);

            assertThat(millis).isLessThan(guard.lockWait().toMillis() + MARGIN_MILLIS);
            assertThat(parentExists(ddl)).isFalse();
            awaitSessionGone(rig.observer(), ownPid);
            assertTerminated(own);
            System.out.printf("[timing] TERMINATE: own blocker ended and DROP ran in %d ms%n", millis);
        }

        @Test
        void aHolderThisSessionMayNotSignalIsLeftAloneAndTheDdlsTransactionStaysUsable() throws Exception {
            DdlGuard guard = guard(DropPolicy.TERMINATE, lockWait, Duration.ofMillis(100));
            Connection own = rig.borrow(guard.wrap(otherPool), false);
            readAll(own, "select * from app.parent");
            Connection ddl = rig.borrow(guard.wrap(appPool), false);
            execute(ddl, "insert into app.audit values (1)");

            Refusal r = refuse(ddl, DROP);

            assertThat(r.millis()).isGreaterThanOrEqualTo(lockWait.toMillis())
                    .isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(own), "app.parent", "AccessShareLock"));
            assertThat(r.exception().blockers().get(0).origin()).isPresent();
            assertThat(r.exception().getMessage()).contains("TERMINATE did not end pid " + pid(own)
                    + " (this session's role may not signal role " + OTHER_ROLE);
            // pg_terminate_backend was never called: its permission error would have aborted the transaction
            execute(ddl, "insert into app.audit values (2)");
            ddl.commit();
            assertThat(single(ddl, "select count(*) from app.audit")).isEqualTo("2");
            assertThat(single(own, "select count(*) from app.parent")).isEqualTo("200");
        }

        @Test
        void aPlainPoolConnectionIsNotTerminated() throws Exception {
            DdlGuard guard = guard(DropPolicy.TERMINATE, lockWait, Duration.ofMillis(100));
            Connection foreign = rig.borrow(appPool, false);
            readAll(foreign, "select * from app.parent");
            Connection ddl = rig.borrow(guard.wrap(pool), true);

            Refusal r = refuse(ddl, DROP);

            assertThat(r.millis()).isGreaterThanOrEqualTo(lockWait.toMillis())
                    .isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(r.exception().policy()).isEqualTo(DropPolicy.TERMINATE);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(foreign), "app.parent", "AccessShareLock"));
            assertThat(r.exception().blockers().get(0).origin()).isEmpty();
            assertThat(r.exception().blockers().get(0).user()).contains(APP_ROLE);
            assertThat(sessionExists(rig.observer(), pid(foreign))).isTrue();
            assertThat(single(foreign, "select count(*) from app.parent")).isEqualTo("200");
            assertThat(parentExists(ddl)).isTrue();
        }

        @Test
        void aSessionOfAnotherProcessIsNotTerminated() throws Exception {
            DdlGuard guard = guard(DropPolicy.TERMINATE, lockWait, Duration.ofMillis(100));
            ForeignSession foreign = rig.foreign(rig.jdbcUrl(), APP_ROLE, "select * from app.parent");
            Connection ddl = rig.borrow(guard.wrap(pool), true);

            Refusal r = refuse(ddl, DROP);

            assertThat(r.millis()).isGreaterThanOrEqualTo(lockWait.toMillis())
                    .isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(holders(r.exception())).containsExactly(
                    tuple((long) foreign.backendPid(), "app.parent", "AccessShareLock"));
            LockHolder holder = r.exception().blockers().get(0);
            assertThat(holder.origin()).isEmpty();
            assertThat(holder.applicationName()).contains(foreign.applicationName());
            assertThat(sessionExists(rig.observer(), foreign.backendPid())).isTrue();
            assertThat(foreign.process().isAlive()).isTrue();
            assertThat(parentExists(ddl)).isTrue();
        }

        @Test
        void withOwnAndForeignBlockersOnlyTheOwnIsTerminated() throws Exception {
            DdlGuard guard = guard(DropPolicy.TERMINATE, lockWait, Duration.ofMillis(100));
            Connection own = rig.borrow(guard.wrap(appPool), false);
            readAll(own, "select * from app.parent");
            long ownPid = pid(own);
            Connection foreign = rig.borrow(appPool, false);
            readAll(foreign, "select * from app.parent");
            Connection ddl = rig.borrow(guard.wrap(pool), true);

            Refusal r = refuse(ddl, DROP);

            assertThat(r.millis()).isGreaterThanOrEqualTo(lockWait.toMillis())
                    .isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(foreign), "app.parent", "AccessShareLock"));
            awaitSessionGone(rig.observer(), ownPid);
            assertTerminated(own);
            assertThat(single(foreign, "select count(*) from app.parent")).isEqualTo("200");
            assertThat(parentExists(ddl)).isTrue();
        }
    }

    @Nested
    class Log {

        @Test
        void theDropRunsAnywayAndFailsAfterTheBudgetWithTheLockTimeoutAsCause() throws Exception {
            Duration lockWait = Duration.ofSeconds(1);
            Duration attempt = Duration.ofMillis(100);
            DataSource ds = guard(DropPolicy.LOG, lockWait, attempt).wrap(pool);
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, true);
            Connection third = rig.plain(true);
            execute(third, "set statement_timeout = '5s'");

            long started = System.nanoTime();
            CompletableFuture<Refusal> drop = rig.background("guarded-drop", () -> refuse(ddl, DROP));
            // LOG runs the statement: it shows up waiting for its lock.
            awaitActivity(rig.observer(), pid(ddl), "wait_event_type = 'Lock'");
            List<Long> selects = new ArrayList<>();
            while (!drop.isDone()) {
                selects.add(timed(third, "select count(*) from app.parent"));
                Thread.sleep(20);
            }
            Refusal r = drop.get();

            assertThat(r.millis()).isGreaterThanOrEqualTo(lockWait.toMillis())
                    .isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(millisSince(started)).isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            DropBlockedException e = r.exception();
            assertThat(e.policy()).isEqualTo(DropPolicy.LOG);
            assertThat(e.getCause()).isInstanceOf(SQLException.class);
            assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("55P03");
            // The third session holds AccessShareLock too while one of its SELECTs runs, and may be caught doing
            // so by the final inspection: it is a real holder at that instant.
            long readerPid = pid(reader);
            long thirdPid = pid(third);
            assertThat(holders(e)).contains(tuple(pid(reader), "app.parent", "AccessShareLock"));
            assertThat(e.blockers()).allSatisfy(h -> assertThat(h.pid().getAsLong()).isIn(readerPid, thirdPid));
            assertThat(e.blockers()).filteredOn(h -> h.pid().getAsLong() == readerPid)
                    .allSatisfy(h -> assertThat(h.origin()).isPresent());
            assertThat(e.getMessage()).contains("its locks were not free within 1.0 s", "policy LOG");
            assertThat(selects).isNotEmpty()
                    .allSatisfy(ms -> assertThat(ms).isLessThan(attempt.toMillis() + QUERY_SLACK_MILLIS));
            assertThat(parentExists(third)).isTrue();
            assertThat(single(reader, "select count(*) from app.parent")).isEqualTo("200");
            System.out.printf("[timing] LOG: refused after %d ms; %d SELECTs during the attempts, slowest %d ms%n",
                    r.millis(), selects.size(), selects.stream().mapToLong(Long::longValue).max().orElse(0));
        }

        @Test
        void theDropSucceedsWhenTheHolderCommitsDuringTheAttempts() throws Exception {
            Duration lockWait = Duration.ofSeconds(5);
            DataSource ds = guard(DropPolicy.LOG, lockWait, Duration.ofMillis(300)).wrap(pool);
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, true);
            execute(ddl, "set lock_timeout = '7s'");

            CompletableFuture<Long> drop = rig.background("guarded-drop", () -> timed(ddl, DROP));
            awaitActivity(rig.observer(), pid(ddl), "wait_event_type = 'Lock'");
            reader.commit();
            long millis = drop.get(lockWait.toMillis() + MARGIN_MILLIS, TimeUnit.MILLISECONDS);

            assertThat(millis).isLessThan(lockWait.toMillis() + MARGIN_MILLIS);
            assertThat(parentExists(reader)).isFalse();
            assertThat(show(ddl, "lock_timeout")).as("restored after the attempts").isEqualTo("7s");
            System.out.printf("[timing] LOG: DROP ran %d ms after it started, once the holder committed%n", millis);
        }
    }
}
