package io.ddlguard.it;

import io.ddlguard.DdlGuard;
import io.ddlguard.DdlParser;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.Dialect;
import io.ddlguard.it.GuardRig.Refusal;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.Sessions.awaitLockWait;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The guard fails closed on PostgreSQL: statements whose form the lock planner does not know, maintenance and
 * locking statements, and {@code DO} blocks run in bounded attempts. Each is measured the way LOCKS.md describes the
 * hang: another session holds a lock in an open transaction, the guarded statement is run, and a later query on the
 * same relation must not queue behind it for longer than about one attempt. Without the guard every one of these
 * waits for the holder forever.
 */
class BoundedFormsPostgresIT {

    private static final String SCHEMA = """
            drop schema if exists app cascade;
            create schema app;
            set search_path = app;
            create table t (id int primary key, a int constraint t_a_check check (a > 0));
            insert into t values (1, 1);
            create function trg_f() returns trigger language plpgsql as $$ begin return new; end $$;
            create trigger trg before update on t for each row execute function trg_f();
            create materialized view mv as select * from t;
            create view v as select * from t;
            create table p (id int, day int) partition by range (day);
            create table p1 partition of p for values from (0) to (100);
            create table p2 partition of p for values from (100) to (200);
            create table pz (id int, day int);
            create sequence seq;
            """;
    private static final Duration LOCK_WAIT = Duration.ofMillis(2500);
    private static final Duration ATTEMPT = Duration.ofMillis(100);
    /** How long a later query may take while the guarded statement keeps attempting: about one attempt, generously. */
    private static final long LATER_QUERY_MILLIS = 900;

    private static DataSource raw;
    private static DataSource guarded;

    @BeforeAll
    static void createDatabase() throws SQLException {
        raw = PostgresServer.newDatabase("bounded_forms_it");
        try (Connection c = raw.getConnection()) {
            execute(c, "do $$ begin create role bounded_owner; exception when duplicate_object then null; end $$");
            execute(c, "alter database bounded_forms_it set search_path = app, public");
        }
        guarded = DdlGuard.builder().dropPolicy(DropPolicy.WAIT).lockWait(LOCK_WAIT).attemptTimeout(ATTEMPT).build()
                .wrap(raw);
    }

    @BeforeEach
    void createSchema() throws SQLException {
        try (Connection c = raw.getConnection()) {
            execute(c, SCHEMA);
        }
    }

    /**
     * @param statement the guarded statement
     * @param holder    what the other session runs in its open transaction
     * @param later     the query that arrives while the guarded statement is being attempted, in its own session
     * @param planned   whether the statement's locks are pre-checked (then it never enters the lock queue)
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        REFRESH MATERIALIZED VIEW mv                                   | select * from mv                | select count(*) from mv          | true
        ALTER TABLE t OWNER TO bounded_owner                           | select * from t                 | select count(*) from t           | true
        CREATE TABLE p3 PARTITION OF p FOR VALUES FROM (200) TO (300)  | select * from p                 | select count(*) from p           | true
        ALTER TABLE p DETACH PARTITION p1                              | select * from p                 | select count(*) from p           | true
        ALTER TABLE p ATTACH PARTITION pz FOR VALUES FROM (300) TO (400) | select * from pz              | select count(*) from pz          | true
        REINDEX TABLE t                                                | select * from t where id = 1    | select count(*) from t           | true
        VACUUM FULL t                                                  | select * from t                 | select count(*) from t           | true
        CLUSTER t USING t_pkey                                         | select * from t                 | select count(*) from t           | true
        DROP TRIGGER trg ON t                                          | select * from t                 | select count(*) from t           | true
        ALTER TABLE t DISABLE TRIGGER trg                              | insert into t values (2, 2)     | insert into t values (3, 3)      | true
        CREATE POLICY pol ON t USING (true)                            | select * from t                 | select count(*) from t           | true
        CREATE RULE rl AS ON INSERT TO t DO INSTEAD NOTHING            | select * from t                 | select count(*) from t           | true
        ALTER TABLE t SET (fillfactor = 70)                            | lock table t in share mode      | lock table t in share mode       | true
        ALTER VIEW v RENAME TO v2                                      | select * from v                 | select count(*) from v           | true
        ALTER TABLE t RENAME CONSTRAINT t_a_check TO t_a_positive      | select * from t                 | select count(*) from t           | true
        CREATE TABLE child (id int REFERENCES t)                       | insert into t values (2, 2)     | insert into t values (3, 3)      | true
        COMMENT ON TABLE t IS 'facts'                                  | lock table t in share mode      | lock table t in share mode       | true
        ~DO $$ BEGIN ALTER TABLE t ADD COLUMN x int; END $$~           | select * from t                 | select count(*) from t           | true
        ALTER TABLE t ENABLE ROW LEVEL SECURITY                        | select * from t                 | select count(*) from t           | true
        ALTER TABLE t VALIDATE CONSTRAINT t_a_check                    | lock table t in share mode      | lock table t in share mode       | true
        ALTER TABLE t SET TABLESPACE pg_default                        | select * from t                 | select count(*) from t           | true
        ALTER TABLE t REPLICA IDENTITY FULL                            | select * from t                 | select count(*) from t           | true
        REINDEX INDEX t_pkey                                           | select * from t where id = 1    | select count(*) from t           | true
        ALTER SEQUENCE seq RESTART                                     | select nextval('seq')           | select nextval('seq')            | true
        ALTER MATERIALIZED VIEW mv RENAME TO mv2                       | select * from mv                | select count(*) from mv          | true
        ALTER TABLE t SET LOGGED                                       | select * from t                 | select count(*) from t           | false
        CREATE OR REPLACE VIEW v AS SELECT * FROM t                    | select * from v                 | select count(*) from v           | false
        REINDEX TABLE CONCURRENTLY t                                   | select * from t where id = 1    | select count(*) from t           | false
        """)
    void aHolderMakesItFailWithinTheBoundNamingTheHolderAndALaterQueryIsNotStalled(
            String statement, String holder, String later, boolean planned) throws Exception {
        try (Sessions sessions = new Sessions(raw)) {
            Connection holding = sessions.inTransaction("holder");
            execute(holding, holder);
            Connection ddl = guarded.getConnection();
            int ddlPid = pid(ddl);
            Connection observer = sessions.autocommit("observer");

            long started = System.nanoTime();
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try (ddl) {
                    execute(ddl, statement);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            if (planned) {
                assertNeverQueues(observer, ddlPid, run);
            } else {
                awaitLockWait(observer, ddlPid);
            }
            long laterMillis = timed(sessions.inTransaction("later"), later);
            Throwable outcome = run.get(LOCK_WAIT.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(laterMillis).as("a later query on the same relation waited for one attempt at most")
                    .isLessThan(LATER_QUERY_MILLIS);
            assertThat(outcome).as(statement).isInstanceOf(DropBlockedException.class);
            DropBlockedException refused = (DropBlockedException) outcome;
            assertThat(millis).as("refused within lockWait and a margin").isBetween(LOCK_WAIT.toMillis() - 100,
                    LOCK_WAIT.toMillis() + 1_500);
            assertThat(refused.blockers()).extracting(h -> h.pid().orElse(-1))
                    .as(refused.getMessage()).contains((long) pid(holding));
            assertThat(refused.getMessage()).contains("pid " + pid(holding));
            if (!planned) {
                assertThat(refused.getMessage()).contains("approximate");
            }

            holding.rollback();
            try (Connection c = guarded.getConnection()) {
                execute(c, statement);
            }
        }
    }

    @Test
    void aDoBlockThatExecutesItsDdlIsBoundedAndSaysItCouldNameNoOne() throws Exception {
        try (Sessions sessions = new Sessions(raw)) {
            Connection holding = sessions.inTransaction("holder");
            readAll(holding, "select * from t");
            String block = "DO $$ BEGIN EXECUTE 'ALTER TABLE app.t ADD COLUMN y int'; END $$";

            Refusal r = refuse(guarded, block);
            DropBlockedException refused = r.exception();

            assertThat(r.millis()).isLessThan(LOCK_WAIT.toMillis() + 1_500);
            assertThat(refused.blockers()).isEmpty();
            assertThat(refused.getMessage()).contains("DO block", "EXECUTE", "no holder can be named");
            holding.rollback();
        }
    }

    @Test
    void underFailAPlannedFormIsRefusedAtOnceWithoutQueueing() throws SQLException {
        DataSource failFast = DdlGuard.builder().dropPolicy(DropPolicy.FAIL).lockWait(LOCK_WAIT).build().wrap(raw);
        try (Sessions sessions = new Sessions(raw)) {
            Connection holding = sessions.inTransaction("report-job");
            readAll(holding, "select * from mv");

            Refusal r = refuse(failFast, "REFRESH MATERIALIZED VIEW mv");
            DropBlockedException refused = r.exception();

            assertThat(r.millis()).as("the pre-check refuses before any attempt").isLessThan(ATTEMPT.toMillis() + 400);
            assertThat(refused.getCause()).as("no attempt timed out").isNull();
            assertThat(refused.blockers()).singleElement().satisfies(h -> {
                assertThat(h.pid()).hasValue(pid(holding));
                assertThat(h.relation()).isEqualTo("app.mv");
                assertThat(h.mode()).isEqualTo("AccessShareLock");
            });
            assertThat(refused.getMessage()).doesNotContain("approximate");
        }
    }

    @Test
    void underFailAnUnplannedFormIsRefusedAfterTwoAttemptsNamingItsCandidates() throws SQLException {
        DataSource failFast = DdlGuard.builder().dropPolicy(DropPolicy.FAIL).lockWait(LOCK_WAIT).build().wrap(raw);
        try (Sessions sessions = new Sessions(raw)) {
            Connection holding = sessions.inTransaction("report-job");
            readAll(holding, "select * from t");

            Refusal r = refuse(failFast, "ALTER TABLE t SET LOGGED");
            DropBlockedException refused = r.exception();

            assertThat(r.millis()).as("a few attempts, not the whole lockWait").isLessThan(1_500);
            assertThat(refused.blockers()).singleElement().satisfies(h -> {
                assertThat(h.pid()).hasValue(pid(holding));
                assertThat(h.relation()).isEqualTo("app.t");
            });
            assertThat(refused.getMessage()).contains("does not know which locks ALTER TABLE t SET LOGGED",
                    "approximate");
        }
    }

    @Test
    void insideATransactionLockTableIsBoundedAndTheTransactionStaysUsable() throws SQLException {
        try (Sessions sessions = new Sessions(raw)) {
            Connection holding = sessions.inTransaction("holder");
            readAll(holding, "select * from t");
            try (Connection c = guarded.getConnection()) {
                c.setAutoCommit(false);
                execute(c, "insert into pz values (1, 1)");

                long started = System.nanoTime();
                DropBlockedException refused = catchThrowableOfType(DropBlockedException.class,
                        () -> execute(c, "LOCK TABLE t IN ACCESS EXCLUSIVE MODE"));
                long millis = (System.nanoTime() - started) / 1_000_000;

                assertThat(millis).isBetween(LOCK_WAIT.toMillis() - 100, LOCK_WAIT.toMillis() + 1_500);
                assertThat(refused.blockers()).extracting(h -> h.pid().orElse(-1)).contains((long) pid(holding));
                execute(c, "insert into pz values (2, 2)");
                c.commit();
                assertThat(count(c, "select count(*) from pz")).isEqualTo(2);
            }
        }
    }

    @Test
    void theFormsTheGuardRunsWithoutAttemptsLockNoRelationThatExistedBefore() throws SQLException {
        String[] lockFree = {
            "CREATE TABLE app.plain (id int primary key, n int default nextval('app.s'), d text check (d <> ''),"
                    + " g int generated always as identity, e app.mood, u app.positive unique)",
            "CREATE SEQUENCE app.plain_seq",
            "CREATE SCHEMA plain_schema"};
        try (Connection c = raw.getConnection()) {
            execute(c, "create sequence app.s; create type app.mood as enum ('ok'); "
                    + "create domain app.positive as int check (value > 0)");
            c.setAutoCommit(false);
            long before = count(c, "select max(oid::int8) from pg_class");
            for (String sql : lockFree) {
                assertThat(PostgresLockPlanner.lockFree(DdlParser.parse(sql, Dialect.POSTGRESQL).get(0)))
                        .as(sql).isTrue();
                execute(c, sql);
            }
            long relations = count(c, "select count(*) from pg_locks l where l.pid = pg_backend_pid()"
                    + " and l.locktype = 'relation' and l.relation::int8 between 16384 and " + before);
            long objects = count(c, "select count(*) from pg_locks l where l.pid = pg_backend_pid()"
                    + " and l.locktype = 'object' and l.mode <> 'AccessShareLock'"
                    + " and l.objid::int8 between 16384 and " + before);
            c.rollback();

            assertThat(relations).as("locks on relations that existed before").isZero();
            assertThat(objects).as("object locks stronger than AccessShareLock (a schema's)").isZero();
        }
    }

    /** Runs {@code sql} on a new connection of {@code dataSource}; it must be refused. */
    private static Refusal refuse(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return GuardRig.refuse(c, sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Samples the guarded session while it runs: a pre-checked statement polls and never waits for a lock. */
    private static void assertNeverQueues(Connection observer, int pid, CompletableFuture<?> run)
            throws SQLException, InterruptedException {
        long until = System.nanoTime() + Duration.ofMillis(400).toNanos();
        while (System.nanoTime() < until && !run.isDone()) {
            try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                    "select wait_event_type from pg_stat_activity where pid = " + pid)) {
                assertThat(rs.next() ? rs.getString(1) : null).as("pid %d waits for a lock", pid)
                        .isNotEqualTo("Lock");
            }
            Thread.sleep(10);
        }
    }

    /** How long {@code sql} took on {@code session}, which is then rolled back. */
    private static long timed(Connection session, String sql) throws SQLException {
        long started = System.nanoTime();
        execute(session, sql);
        long millis = (System.nanoTime() - started) / 1_000_000;
        session.rollback();
        return millis;
    }
}
