package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DropBlockedException;
import io.ddlguard.LockHolder;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.PooledDatabase.POSTGRESQL;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Flyway migrations run through a guarded data source: each statement of a migration, and of Flyway's own schema
 * history table, fires its events in order, and the guard refuses what another session blocks. Then Flyway's own
 * lock on PostgreSQL: with its default transactional lock, {@code CREATE INDEX CONCURRENTLY} would wait forever for
 * Flyway's own lock transaction, and the guard says so, naming that connection as Flyway's; with
 * {@code postgresql.transactional.lock=false} the same migration runs.
 */
class FlywayMigrationIT {

    private static final String COMMON = "classpath:migrations/flyway/common";

    @ParameterizedTest
    @EnumSource(value = PooledDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void eachStatementOfAMigrationFiresItsEventsInOrder(PooledDatabase db) throws SQLException {
        MigrationEvents events = new MigrationEvents();
        try (HikariDataSource pool = db.open("flyway_events_" + db.name().toLowerCase(Locale.ROOT), 4)) {
            Flyway.configure().dataSource(events.guard(pool)).locations(COMMON).load().migrate();

            assertThat(events.without("flyway_schema_history")).containsExactly(
                    "before_create table customer", "after_create table customer",
                    "before_create index ix_customer_name", "after_create index ix_customer_name",
                    "before_alter table customer", "after_alter table customer",
                    "before_create table orders", "after_create table orders",
                    "before_create table legacy", "after_create table legacy",
                    "before_drop table legacy", "after_drop table legacy");
            assertThat(events.all().get(0)).isEqualTo("before_create table flyway_schema_history");
            assertThat(events.all()).contains("after_create index flyway_schema_history_s_idx");
            try (Connection c = pool.getConnection()) {
                assertThat(db.tableExists(c, "orders")).isTrue();
                assertThat(db.indexesOf(c, "customer")).contains("ix_customer_name");
                assertThat(PooledDatabase.single(c, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                        .isEqualTo(3);
            }
        }
    }

    @Test
    void aMigrationBlockedByAnotherSessionIsRefusedNamingThatSessionNotFlywaysOwn() throws Exception {
        MigrationEvents events = new MigrationEvents();
        ExecutorService reportJob = Executors.newSingleThreadExecutor(r -> new Thread(r, "report-job"));
        try (HikariDataSource pool = POSTGRESQL.open("flyway_blocked", 5)) {
            DataSource ds = events.guard(pool);
            Flyway.configure().dataSource(ds).locations(COMMON).load().migrate();
            Connection reader = reportJob.submit(() -> {
                Connection c = ds.getConnection();
                c.setAutoCommit(false);
                readAll(c, "select * from orders");
                return c;
            }).get(30, TimeUnit.SECONDS);
            try {
                FlywayException failed = catchThrowableOfType(FlywayException.class, () -> Flyway.configure()
                        .dataSource(ds).locations(COMMON, "classpath:migrations/flyway/blocked").load().migrate());

                DropBlockedException refused = MigrationEvents.blocked(failed);
                assertThat((Throwable) refused).as("the cause of %s", failed).isNotNull();
                assertThat(refused.blockers()).extracting(h -> h.pid().getAsLong())
                        .containsOnly((long) pid(reader));
                assertThat(refused.blockers().get(0).origin()).hasValueSatisfying(o -> {
                    assertThat(o.thread()).isEqualTo("report-job");
                    assertThat(o.openedBy()).isEmpty();
                });
                assertThat(refused.getMessage()).contains("by thread \"report-job\"")
                        .doesNotContain("opened by Flyway");
                // The guard checks before the before-listeners run: a refused statement fires nothing.
                assertThat(events.all()).doesNotContain("before_drop table orders");
            } finally {
                reader.rollback();
                reader.close();
                reportJob.shutdown();
            }
            try (Connection c = pool.getConnection()) {
                assertThat(POSTGRESQL.tableExists(c, "orders")).isTrue();
            }
        }
    }

    @Test
    void withFlywaysTransactionalLockAConcurrentIndexIsRefusedNamingFlywaysOwnConnection() throws SQLException {
        MigrationEvents events = new MigrationEvents();
        try (HikariDataSource pool = POSTGRESQL.open("flyway_cic_tx_lock", 5)) {
            DataSource ds = events.guard(pool);
            Flyway.configure().dataSource(ds).locations(COMMON).load().migrate();

            FlywayException failed = catchThrowableOfType(FlywayException.class, () -> concurrentIndex(ds, true));

            DropBlockedException refused = MigrationEvents.blocked(failed);
            assertThat((Throwable) refused).as("the cause of %s", failed).isNotNull();
            LockHolder holder = refused.blockers().get(0);
            assertThat(refused.blockers()).hasSize(1);
            assertThat(holder.olderSnapshot()).isTrue();
            assertThat(holder.origin()).hasValueSatisfying(o -> {
                assertThat(o.openedBy()).hasValue("Flyway");
                assertThat(o.thread()).isEqualTo(Thread.currentThread().getName());
            });
            assertThat(refused.getMessage()).contains("opened by Flyway",
                    "(the thread running this statement: waiting for it would never end)");
            try (Connection c = pool.getConnection()) {
                assertThat(POSTGRESQL.indexesOf(c, "customer")).doesNotContain("ix_customer_email");
            }
        }
    }

    /**
     * What the refusal above saves the user from: the same migration without ddlguard waits on Flyway's own lock
     * session (it holds Flyway's advisory lock) until cancelled.
     */
    @Test
    void withoutTheGuardTheSameMigrationWaitsForFlywaysOwnLockSession() throws Exception {
        try (HikariDataSource pool = POSTGRESQL.open("flyway_cic_hang", 5);
             Connection observer = pool.getConnection()) {
            Flyway.configure().dataSource(pool).locations(COMMON).load().migrate();
            CompletableFuture<Void> migration = CompletableFuture.runAsync(() -> concurrentIndex(pool, true));
            try {
                int[] build = awaitWaitingIndexBuild(observer);
                int buildPid = build[0];
                int blockerPid = build[1];
                try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                        "select count(*) from pg_locks where locktype = 'advisory' and granted and pid = "
                                + blockerPid)) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the blocking session holds Flyway's advisory lock").isPositive();
                }
                execute(observer, "select pg_cancel_backend(" + buildPid + ")");
            } finally {
                Throwable end = catchThrowableOfType(Exception.class, () -> migration.get(60, TimeUnit.SECONDS));
                assertThat(end).as("the cancelled migration fails").isNotNull();
            }
            execute(observer, "drop index if exists ix_customer_email");
        }
    }

    @Test
    void withoutFlywaysTransactionalLockAConcurrentIndexRunsGuarded() throws SQLException {
        MigrationEvents events = new MigrationEvents();
        try (HikariDataSource pool = POSTGRESQL.open("flyway_cic_session_lock", 5)) {
            DataSource ds = events.guard(pool);
            Flyway.configure().dataSource(ds).locations(COMMON).load().migrate();

            concurrentIndex(ds, false);

            assertThat(events.all()).endsWith("before_create index ix_customer_email",
                    "after_create index ix_customer_email");
            try (Connection c = pool.getConnection()) {
                assertThat(PooledDatabase.single(c, "select count(*) from pg_index where indisvalid"
                        + " and indexrelid = 'ix_customer_email'::regclass")).isEqualTo(1);
            }
        }
    }

    private static void concurrentIndex(DataSource ds, boolean transactionalLock) {
        Flyway.configure().dataSource(ds).locations(COMMON, "classpath:migrations/flyway/concurrent")
                .configuration(Map.of("flyway.postgresql.transactional.lock", Boolean.toString(transactionalLock)))
                .load().migrate();
    }

    /** The pid of the backend building ix_customer_email while waiting for a virtual transaction, and its blocker. */
    private static int[] awaitWaitingIndexBuild(Connection observer) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery("""
                    select pid, (pg_blocking_pids(pid))[1] from pg_stat_activity
                    where query like 'CREATE INDEX CONCURRENTLY ix_customer_email%'
                      and wait_event_type = 'Lock' and wait_event = 'virtualxid'""")) {
                if (rs.next()) {
                    return new int[] {rs.getInt(1), rs.getInt(2)};
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the index build never waited for another transaction");
    }
}
