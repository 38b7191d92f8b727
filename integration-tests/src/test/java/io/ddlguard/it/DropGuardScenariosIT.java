package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.DdlVetoException;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import io.ddlguard.it.GuardRig.Refusal;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.GuardRig.awaitActivity;
import static io.ddlguard.it.GuardRig.refuse;
import static io.ddlguard.it.GuardRig.single;
import static io.ddlguard.it.GuardRig.timed;
import static io.ddlguard.it.PooledDatabase.POSTGRESQL;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Who blocks which DDL, as a guarded DataSource reports it on PostgreSQL: one scenario per way a session can
 * hold a lock a DDL statement needs (and the ways it cannot). Each refusal is checked for the holders it names
 * (pid, relation, mode, and this application's origin where the holder was borrowed through the same guard), for
 * its message, and for ending within the lock-wait budget. Policies and connection health are in
 * {@link DropGuardPoliciesIT}.
 */
class DropGuardScenariosIT {

    /** The lock-wait budget of the guards here; FAIL reports at once, so the bound below is generous. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(3);
    private static final long MARGIN_MILLIS = 1_500;

    private static final String SCHEMA = """
            drop schema if exists app cascade;
            drop schema if exists staging cascade;
            create schema app;
            create table app.parent (id int primary key, name text);
            create index parent_name_idx on app.parent (name);
            create table app.child (id int primary key, parent_id int references app.parent);
            create table app.audit (id int primary key);
            create table app.events (id int, day int) partition by range (day);
            create table app.events_1 partition of app.events for values from (0) to (100);
            create table app.events_2 partition of app.events for values from (100) to (200);
            create view app.parent_names as select id, name from app.parent;
            create schema staging;
            insert into app.parent select g, 'p' || g from generate_series(1, 200) g;
            insert into app.events values (1, 10), (2, 150);
            """;

    private static HikariDataSource pool;
    private GuardRig rig;

    @BeforeAll
    static void openPool() {
        pool = POSTGRESQL.open("drop_guard_scenarios_it", 12);
    }

    @AfterAll
    static void closePool() {
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

    private static DataSource guarded() {
        return guard().wrap(pool);
    }

    private static DdlGuard guard() {
        return DdlGuard.builder().dropPolicy(DropPolicy.FAIL).lockWait(LOCK_WAIT).build();
    }

    private static long pid(Connection c) throws SQLException {
        return Sessions.pid(c);
    }

    /** (pid or -1, relation, mode) of each holder, for exact comparisons. */
    private static List<Tuple> holders(DropBlockedException e) {
        return e.blockers().stream().map(h -> tuple(h.pid().orElse(-1), h.relation(), h.mode())).toList();
    }

    private static LockHolder holderOf(DropBlockedException e, long pid) {
        return e.blockers().stream().filter(h -> h.pid().equals(OptionalLong.of(pid))).findFirst()
                .orElseThrow(() -> new AssertionError("pid " + pid + " not reported: " + e.blockers()));
    }

    /** The refusal came within the budget and left the refused statement's table in place. */
    private static void assertPromptRefusal(Refusal r) {
        assertThat(r.exception().getSQLState()).isEqualTo("55P03");
        assertThat(r.exception().policy()).isEqualTo(DropPolicy.FAIL);
        assertThat(r.millis()).isLessThan(LOCK_WAIT.toMillis() + MARGIN_MILLIS);
    }

    private static boolean exists(Connection c, String regclass) throws SQLException {
        return single(c, "select to_regclass('" + regclass + "') is not null").equals("t");
    }

    @Nested
    class Holders {

        @Test
        void aStreamingResultSetBlocksWhileOpenAndAfterCloseUntilCommit() throws SQLException {
            DataSource ds = guarded();
            Connection streamer = rig.borrow(ds, false);
            Connection ddl = rig.borrow(ds, true);
            String query = "select id, name from app.parent order by id";
            try (Statement s = streamer.createStatement()) {
                s.setFetchSize(10);
                ResultSet rs = s.executeQuery(query);
                assertThat(rs.next()).isTrue();

                Refusal open = refuse(ddl, "DROP TABLE app.parent CASCADE");
                assertPromptRefusal(open);
                assertThat(holders(open.exception())).containsExactly(
                        tuple(pid(streamer), "app.parent", "AccessShareLock"));
                assertThat(holderOf(open.exception(), pid(streamer)).origin()).hasValueSatisfying(origin -> {
                    assertThat(origin.autoCommit()).isFalse();
                    assertThat(origin.openResultSets()).containsExactly(query);
                });
                assertThat(open.exception().getMessage()).contains("pid " + pid(streamer),
                        "AccessShareLock on app.parent", "unclosed result set: " + query);

                rs.close();
                Refusal closed = refuse(ddl, "DROP TABLE app.parent CASCADE");
                assertPromptRefusal(closed);
                assertThat(holders(closed.exception())).containsExactly(
                        tuple(pid(streamer), "app.parent", "AccessShareLock"));
                assertThat(holderOf(closed.exception(), pid(streamer)).origin()).hasValueSatisfying(origin ->
                        assertThat(origin.openResultSets()).isEmpty());
                assertThat(closed.exception().getMessage()).doesNotContain("unclosed result set");
            }
            streamer.commit();

            assertThat(timed(ddl, "DROP TABLE app.parent CASCADE")).isLessThan(LOCK_WAIT.toMillis());
            assertThat(exists(ddl, "app.parent")).isFalse();
        }

        @Test
        void anActiveLongQueryIsNamedWhileItRuns() throws Exception {
            DataSource ds = guarded();
            Connection sleeper = rig.borrow(ds, true);
            Connection ddl = rig.borrow(ds, true);
            long sleeperPid = pid(sleeper);
            CompletableFuture<Void> running = rig.background("sleeper", () -> {
                readAll(sleeper, "select pg_sleep(30) from app.parent where id = 1");
                return null;
            });
            awaitActivity(rig.observer(), sleeperPid, "state = 'active' and wait_event = 'PgSleep'");

            Refusal r = refuse(ddl, "DROP TABLE app.parent CASCADE");

            assertPromptRefusal(r);
            assertThat(holders(r.exception())).containsExactly(tuple(sleeperPid, "app.parent", "AccessShareLock"));
            LockHolder holder = r.exception().blockers().get(0);
            assertThat(holder.state()).contains("active");
            assertThat(holder.query()).hasValueSatisfying(q -> assertThat(q).contains("pg_sleep(30)"));
            assertThat(holder.origin()).hasValueSatisfying(o -> assertThat(o.autoCommit()).isTrue());
            assertThat(r.exception().getMessage()).contains("pid " + sleeperPid, "AccessShareLock on app.parent",
                    "active", "pg_sleep(30)");

            execute(rig.observer(), "select pg_cancel_backend(" + sleeperPid + ")");
            ExecutionException cancelled = catchThrowableOfType(ExecutionException.class,
                    () -> running.get(10, TimeUnit.SECONDS));
            assertThat(cancelled.getCause()).isInstanceOf(SQLException.class);
            assertThat(((SQLException) cancelled.getCause()).getSQLState()).isEqualTo("57014");
        }

        @Test
        void aReaderOfTheReferencedParentBlocksDroppingTheChild() throws SQLException {
            DataSource ds = guarded();
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, true);

            Refusal r = refuse(ddl, "DROP TABLE app.child");

            assertPromptRefusal(r);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(reader), "app.parent", "AccessShareLock"));
            assertThat(r.exception().blockers().get(0).origin()).isPresent();
            assertThat(r.exception().getMessage()).startsWith("DROP TABLE app.child was not run")
                    .contains("pid " + pid(reader) + " holds AccessShareLock on app.parent");
            assertThat(exists(ddl, "app.child")).isTrue();
        }

        @Test
        void anUncommittedInsertIntoAChildBlocksDroppingTheParentWithCascade() throws SQLException {
            DataSource ds = guarded();
            Connection writer = rig.borrow(ds, false);
            execute(writer, "insert into app.child values (1, 1)");
            Connection ddl = rig.borrow(ds, true);

            Refusal r = refuse(ddl, "DROP TABLE app.parent CASCADE");

            assertPromptRefusal(r);
            // The insert holds RowExclusive on the child; its foreign-key check holds RowShare on the parent.
            assertThat(holders(r.exception())).containsExactlyInAnyOrder(
                    tuple(pid(writer), "app.child", "RowExclusiveLock"),
                    tuple(pid(writer), "app.parent", "RowShareLock"));
            assertThat(r.exception().blockers()).allSatisfy(h -> assertThat(h.origin()).isPresent());
            assertThat(r.exception().getMessage()).contains("pid " + pid(writer), "RowExclusiveLock on app.child");
        }

        @Test
        void aReaderOfAPartitionBlocksDroppingThePartitionedTable() throws SQLException {
            DataSource ds = guarded();
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.events_2");
            Connection ddl = rig.borrow(ds, true);

            Refusal r = refuse(ddl, "DROP TABLE app.events");

            assertPromptRefusal(r);
            assertThat(holders(r.exception())).containsExactly(
                    tuple(pid(reader), "app.events_2", "AccessShareLock"));
            assertThat(r.exception().blockers().get(0).origin()).isPresent();
            assertThat(r.exception().getMessage()).contains("AccessShareLock on app.events_2");
        }

        @Test
        void aPreparedTransactionWhoseSessionIsGoneIsNamedByItsGid() throws SQLException {
            String gid = "drop-guard-it-prepared";
            try (Connection preparer = pool.getDataSource().getConnection()) {
                execute(preparer, "begin; insert into app.audit values (1); prepare transaction '" + gid + "'");
            }
            Connection ddl = rig.borrow(guarded(), true);
            assertThat(single(rig.observer(), "select count(*) from pg_prepared_xacts where gid = '" + gid + "'"))
                    .isEqualTo("1");

            Refusal r = refuse(ddl, "DROP TABLE app.audit");

            assertPromptRefusal(r);
            assertThat(r.exception().blockers()).extracting(LockHolder::pid, LockHolder::preparedTransaction,
                            LockHolder::relation, LockHolder::mode)
                    .containsExactly(tuple(OptionalLong.empty(), Optional.of(gid), "app.audit", "RowExclusiveLock"));
            assertThat(r.exception().blockers().get(0).origin()).isEmpty();
            assertThat(r.exception().getMessage()).contains("prepared transaction '" + gid + "'",
                    "COMMIT PREPARED '" + gid + "'", "ROLLBACK PREPARED '" + gid + "'");

            execute(rig.observer(), "rollback prepared '" + gid + "'");
            execute(ddl, "DROP TABLE app.audit");
            assertThat(exists(ddl, "app.audit")).isFalse();
        }

        @Test
        void aQueuedBlockerNamesTheRootOfItsChainAndTheRootIsReportedFirst() throws Exception {
            DataSource ds = guarded();
            // Roles by pid, larger pid as root: the report must order by chain, not by pid.
            Connection a = rig.borrow(ds, false);
            Connection b = rig.borrow(ds, false);
            Connection root = pid(a) > pid(b) ? a : b;
            Connection waiter = root == a ? b : a;
            Connection ddl = rig.borrow(ds, true);
            readAll(root, "select * from app.parent");
            readAll(waiter, "select * from app.audit");
            CompletableFuture<Void> locking = rig.background("waiter", () -> {
                // past the guard, which would refuse it: this application's session really queued for the lock
                execute(driverConnection(waiter), "lock table app.parent in access exclusive mode");
                return null;
            });
            Sessions.awaitLockWait(rig.observer(), (int) pid(waiter));

            Refusal r = refuse(ddl, "DROP TABLE app.parent CASCADE");

            assertPromptRefusal(r);
            assertThat(holders(r.exception())).containsExactly(
                    tuple(pid(root), "app.parent", "AccessShareLock"),
                    tuple(pid(waiter), "app.parent", "AccessExclusiveLock"));
            LockHolder rootHolder = holderOf(r.exception(), pid(root));
            LockHolder queued = holderOf(r.exception(), pid(waiter));
            assertThat(rootHolder.granted()).isTrue();
            assertThat(rootHolder.blockedBy()).isEmpty();
            assertThat(queued.granted()).isFalse();
            assertThat(queued.blockedBy()).hasValue(pid(root));
            assertThat(r.exception().blockers()).allSatisfy(h -> assertThat(h.origin()).isPresent());
            assertThat(r.exception().getMessage()).contains(
                    "pid " + pid(root) + " holds AccessShareLock on app.parent",
                    "pid " + pid(waiter) + " is queued for AccessExclusiveLock on app.parent",
                    "itself waiting, behind pid " + pid(root));

            root.rollback();
            locking.get(10, TimeUnit.SECONDS);
        }

        @Test
        void aBlockerWaitingOnAnotherTableNamesTheRootItWaitsFor() throws Exception {
            DataSource ds = guarded();
            Connection root = rig.borrow(ds, false);
            Connection waiter = rig.borrow(ds, false);
            Connection ddl = rig.borrow(ds, true);
            readAll(root, "select * from app.parent");
            readAll(waiter, "select * from app.audit");
            CompletableFuture<Void> locking = rig.background("waiter", () -> {
                // past the guard, which would refuse it: this application's session really queued for the lock
                execute(driverConnection(waiter), "lock table app.parent in access exclusive mode");
                return null;
            });
            Sessions.awaitLockWait(rig.observer(), (int) pid(waiter));

            Refusal r = refuse(ddl, "DROP TABLE app.audit");

            assertPromptRefusal(r);
            // The root holds nothing DROP TABLE app.audit needs: it is named as the waiter's blocker, not listed
            // as a holder (blockers() are the sessions holding or queued for the statement's locks).
            assertThat(holders(r.exception())).containsExactly(tuple(pid(waiter), "app.audit", "AccessShareLock"));
            assertThat(r.exception().blockers().get(0).blockedBy()).hasValue(pid(root));
            assertThat(r.exception().getMessage()).contains(
                    "pid " + pid(waiter) + " holds AccessShareLock on app.audit",
                    "itself waiting, behind pid " + pid(root));

            root.rollback();
            locking.get(10, TimeUnit.SECONDS);
        }

        @Test
        void aSessionOfAnotherProcessIsNamedWithoutOrigin() throws Exception {
            Connection ddl = rig.borrow(guarded(), true);
            ForeignSession foreign = rig.foreign(rig.jdbcUrl(), single(rig.observer(), "select current_user"),
                    "select * from app.parent");

            Refusal r = refuse(ddl, "DROP TABLE app.parent CASCADE");

            assertPromptRefusal(r);
            assertThat(holders(r.exception())).containsExactly(
                    tuple((long) foreign.backendPid(), "app.parent", "AccessShareLock"));
            LockHolder holder = r.exception().blockers().get(0);
            assertThat(holder.origin()).isEmpty();
            assertThat(holder.isOwnConnection()).isFalse();
            assertThat(holder.applicationName()).contains(foreign.applicationName());
            assertThat(holder.state()).contains("idle in transaction");
            assertThat(r.exception().getMessage()).contains("pid " + foreign.backendPid(),
                    "AccessShareLock on app.parent", foreign.applicationName())
                    .doesNotContain("this application's connection");
        }

        @Test
        void anUncommittedCreateTableInASchemaBlocksDroppingTheSchema() throws SQLException {
            DataSource ds = guarded();
            Connection creator = rig.borrow(ds, false);
            execute(creator, "create table staging.scratch (id int)");
            Connection ddl = rig.borrow(ds, true);

            Refusal r = refuse(ddl, "DROP SCHEMA staging CASCADE");

            assertPromptRefusal(r);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(creator), "staging", "AccessShareLock"));
            assertThat(r.exception().blockers().get(0).origin()).isPresent();
            assertThat(r.exception().getMessage()).contains("pid " + pid(creator), "AccessShareLock on staging");
            assertThat(single(ddl, "select count(*) from pg_namespace where nspname = 'staging'")).isEqualTo("1");
        }

        @Test
        void aReaderOfTheTableBlocksDroppingOneOfItsIndexes() throws SQLException {
            DataSource ds = guarded();
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, true);

            Refusal r = refuse(ddl, "DROP INDEX app.parent_name_idx");

            assertPromptRefusal(r);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(reader), "app.parent", "AccessShareLock"));
            assertThat(r.exception().blockers().get(0).origin()).isPresent();
            assertThat(r.exception().getMessage()).startsWith("DROP INDEX app.parent_name_idx was not run");
            assertThat(exists(ddl, "app.parent_name_idx")).isTrue();
        }

        @Test
        void createIndexIsBlockedByAnUncommittedWriterButNotByAReader() throws SQLException {
            DataSource ds = guarded();
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection ddl = rig.borrow(ds, true);

            assertThat(timed(ddl, "CREATE INDEX parent_id_name_idx ON app.parent (id, name)"))
                    .isLessThan(LOCK_WAIT.toMillis());
            assertThat(exists(ddl, "app.parent_id_name_idx")).isTrue();

            Connection writer = rig.borrow(ds, false);
            execute(writer, "update app.parent set name = 'x' where id = 1");
            Refusal r = refuse(ddl, "CREATE INDEX parent_name_id_idx ON app.parent (name, id)");

            assertPromptRefusal(r);
            assertThat(holders(r.exception())).containsExactly(tuple(pid(writer), "app.parent", "RowExclusiveLock"));
            assertThat(r.exception().blockers().get(0).origin()).isPresent();
            assertThat(r.exception().getMessage()).contains("pid " + pid(writer), "RowExclusiveLock on app.parent")
                    .doesNotContain("pid " + pid(reader));
            assertThat(exists(ddl, "app.parent_name_id_idx")).isFalse();
        }
    }

    @Nested
    class NoHolders {

        @Test
        void advisoryLocksOfAnotherSessionDoNotBlock() throws SQLException {
            DataSource ds = guarded();
            Connection advisory = rig.borrow(ds, false);
            readAll(advisory, "select pg_advisory_lock(42), pg_advisory_xact_lock(43), "
                    + "pg_advisory_lock('app.parent'::regclass::oid::bigint)");
            Connection ddl = rig.borrow(ds, true);
            try {
                assertThat(single(rig.observer(), "select count(*) from pg_locks where locktype = 'advisory' "
                        + "and pid = " + pid(advisory))).isEqualTo("3");

                assertThat(timed(ddl, "DROP TABLE app.parent CASCADE")).isLessThan(LOCK_WAIT.toMillis());
                assertThat(exists(ddl, "app.parent")).isFalse();
            } finally {
                advisory.rollback();
                execute(advisory, "select pg_advisory_unlock_all()");
            }
        }

        @Test
        void theDdlsOwnTransactionDoesNotBlockIt() throws SQLException {
            Connection ddl = rig.borrow(guarded(), false);
            readAll(ddl, "select * from app.parent");
            execute(ddl, "insert into app.child values (1, 1)");

            assertThat(timed(ddl, "DROP TABLE app.parent CASCADE")).isLessThan(LOCK_WAIT.toMillis());
            ddl.commit();
            assertThat(exists(ddl, "app.parent")).isFalse();
        }

        @Test
        void anIdleAutocommitSessionThatReadTheTableHoldsNothing() throws SQLException {
            DataSource ds = guarded();
            Connection idle = rig.borrow(ds, true);
            try (Statement s = idle.createStatement()) {
                s.setFetchSize(10);
                try (ResultSet rs = s.executeQuery("select * from app.parent")) {
                    while (rs.next()) {
                        rs.getInt(1);
                    }
                }
            }
            Connection ddl = rig.borrow(ds, true);

            assertThat(timed(ddl, "DROP TABLE app.parent CASCADE")).isLessThan(LOCK_WAIT.toMillis());
            assertThat(exists(ddl, "app.parent")).isFalse();
        }

        @Test
        void aWithHoldCursorAfterCommitHoldsNoLockAndOutlivesTheDrop() throws SQLException {
            DataSource ds = guarded();
            Connection cursor = rig.borrow(ds, false);
            execute(cursor, "declare held cursor with hold for select id from app.parent order by id");
            cursor.commit();
            Connection ddl = rig.borrow(ds, true);
            try {
                assertThat(timed(ddl, "DROP TABLE app.parent CASCADE")).isLessThan(LOCK_WAIT.toMillis());
                assertThat(exists(ddl, "app.parent")).isFalse();
                // PostgreSQL materialised the cursor's rows at commit: it still reads them, from a dropped table.
                assertThat(single(cursor, "fetch 1 from held")).isEqualTo("1");
            } finally {
                cursor.rollback();
                execute(cursor, "close held");
                cursor.commit();
            }
        }
    }

    @Nested
    class Inspection {

        @Test
        void blockersNamesTheHolderWithoutRunningAnything() throws SQLException {
            DdlGuard guard = guard();
            DataSource ds = guard.wrap(pool);
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent");
            Connection inspecting = rig.borrow(ds, true);
            Connection unguarded = rig.plain(true);

            long started = System.nanoTime();
            List<LockHolder> viaGuarded = guard.blockers(inspecting, "DROP TABLE app.parent");
            long millis = GuardRig.millisSince(started);
            List<LockHolder> viaPlain = guard.blockers(unguarded, "DROP TABLE app.parent");

            assertThat(millis).isLessThan(MARGIN_MILLIS);
            for (List<LockHolder> found : List.of(viaGuarded, viaPlain)) {
                assertThat(found).extracting(h -> h.pid().orElse(-1), LockHolder::relation, LockHolder::mode)
                        .containsExactly(tuple(pid(reader), "app.parent", "AccessShareLock"));
                assertThat(found.get(0).origin()).isPresent();
            }
            // Nothing ran: the table is there, nobody waits, the inspecting sessions hold no lock on it.
            assertThat(exists(inspecting, "app.parent")).isTrue();
            assertThat(single(rig.observer(), "select count(*) from pg_locks where relation = 'app.parent'::regclass "
                    + "and pid in (" + pid(inspecting) + ", " + pid(unguarded) + ")")).isEqualTo("0");
            assertThat(single(rig.observer(), "select count(*) from pg_locks where not granted")).isEqualTo("0");
            assertThat(guard.blockers(inspecting, "DROP TABLE app.audit")).isEmpty();
            // The blocker is undisturbed.
            readAll(reader, "select count(*) from app.parent");
        }
    }

    @Nested
    class Listeners {

        @Test
        void ddlAListenerRunsOnItsConnectionIsGuardedAndItsRefusalVetoesTheStatement() throws Exception {
            DdlEvents events = new DdlEvents();
            events.listen(Target.table("app", "audit"), DdlEvent.BEFORE_DROP,
                    ctx -> execute(ctx.connection(), "DROP VIEW app.parent_names"));
            DataSource ds = DdlGuard.builder().events(events).dropPolicy(DropPolicy.FAIL).lockWait(LOCK_WAIT).build()
                    .wrap(pool);
            // DROP VIEW locks the view only: a session must read through the view to block it.
            Connection reader = rig.borrow(ds, false);
            readAll(reader, "select * from app.parent_names");
            Connection ddl = rig.borrow(ds, true);

            long started = System.nanoTime();
            DdlVetoException veto = catchThrowableOfType(DdlVetoException.class,
                    () -> execute(ddl, "DROP TABLE app.audit"));
            long millis = GuardRig.millisSince(started);
            if (Boolean.getBoolean("ddlguard.it.timings")) {
                System.out.printf("[timing] listener's DROP VIEW vetoed DROP TABLE app.audit after %d ms%n", millis);
            }

            assertThat((Throwable) veto).isNotNull();
            assertThat(millis).isLessThan(LOCK_WAIT.toMillis() + MARGIN_MILLIS);
            assertThat(veto.event()).isEqualTo(DdlEvent.BEFORE_DROP);
            assertThat(veto.getSQLState()).isEqualTo("DG001");
            assertThat(veto.getCause()).isInstanceOf(DropBlockedException.class);
            DropBlockedException blocked = (DropBlockedException) veto.getCause();
            assertThat(holders(blocked)).containsExactly(tuple(pid(reader), "app.parent_names", "AccessShareLock"));
            assertThat(blocked.blockers().get(0).origin()).isPresent();
            assertThat(blocked.getMessage()).startsWith("DROP VIEW app.parent_names was not run")
                    .contains("pid " + pid(reader));
            assertThat(exists(ddl, "app.parent_names")).isTrue();
            assertThat(exists(ddl, "app.audit")).isTrue();

            reader.commit();
            execute(ddl, "DROP TABLE app.audit");
            assertThat(exists(ddl, "app.parent_names")).isFalse();
            assertThat(exists(ddl, "app.audit")).isFalse();
        }
    }

    /** The driver's own connection under a guarded one: statements on it are not guarded. */
    static Connection driverConnection(Connection guarded) throws SQLException {
        return (Connection) guarded.unwrap(org.postgresql.PGConnection.class);
    }
}
