package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static io.ddlguard.it.PooledDatabase.POSTGRESQL;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The DROP guard on PostgreSQL, through HikariCP as an application wires it: blocked statements are refused
 * within the budget with a report naming the holder, unblocked ones run.
 */
class DropGuardPostgresIT {

    private static HikariDataSource pool;
    private final List<Connection> borrowed = new ArrayList<>();

    @BeforeAll
    static void openPool() {
        pool = POSTGRESQL.open("drop_guard_it", 6);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void createTables() throws SQLException {
        try (Connection c = pool.getConnection()) {
            execute(c, "drop table if exists child, parent cascade; "
                    + "create table parent (id int primary key, name text); insert into parent values (1, 'a'); "
                    + "create table child (id int primary key, parent_id int references parent)");
        }
    }

    @AfterEach
    void giveBack() throws SQLException {
        for (Connection c : borrowed) {
            if (!c.isClosed()) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                c.close();
            }
        }
        borrowed.clear();
    }

    private Connection borrow(DataSource ds, boolean autoCommit) throws SQLException {
        Connection c = ds.getConnection();
        borrowed.add(c);
        c.setAutoCommit(autoCommit);
        return c;
    }

    private static DataSource guarded(DropPolicy policy, Duration lockWait) {
        return DdlGuard.builder().dropPolicy(policy).lockWait(lockWait).build().wrap(pool);
    }

    @Test
    void anIdleInTransactionReaderIsNamedWithTheStackThatBorrowedIt() throws SQLException {
        DataSource ds = guarded(DropPolicy.FAIL, Duration.ofSeconds(5));
        Connection reader = borrow(ds, false);
        readAll(reader, "select * from parent");
        Connection ddl = borrow(ds, true);

        long started = System.nanoTime();
        DropBlockedException e = catchThrowableOfType(DropBlockedException.class, () -> execute(ddl, "DROP TABLE parent"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat((Throwable) e).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("55P03");
        assertThat(millis).isLessThan(2_000);
        assertThat(e.blockers()).extracting(h -> h.pid().getAsLong()).containsOnly((long) pid(reader));
        LockHolder holder = e.blockers().get(0);
        assertThat(holder.relation()).isEqualTo("public.parent");
        assertThat(holder.mode()).isEqualTo("AccessShareLock");
        assertThat(holder.state()).contains("idle in transaction");
        assertThat(holder.origin()).hasValueSatisfying(origin -> {
            assertThat(origin.autoCommit()).isFalse();
            assertThat(origin.caller()).hasValueSatisfying(frame ->
                    assertThat(frame.getMethodName()).isEqualTo("borrow"));
        });
        assertThat(e.getMessage()).contains("pid " + pid(reader), "AccessShareLock on public.parent",
                "idle in transaction", "DropGuardPostgresIT.borrow");
        try (Connection c = pool.getConnection()) {
            assertThat(POSTGRESQL.tableExists(c, "parent")).isTrue();
        }
        execute(ddl, "select 1");
    }

    @Test
    void withStacksOffTheReportShowsWhereTheBorrowingThreadIsNow() throws Exception {
        DataSource ds = DdlGuard.builder().captureStackTraces(false).build().wrap(pool);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try (Connection reader = ds.getConnection()) {
                reader.setAutoCommit(false);
                readAll(reader, "select * from parent");
                holding.countDown();
                waitForTheDrop(done);
                reader.rollback();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "nightly-report");
        worker.start();
        try {
            holding.await();
            Connection ddl = borrow(ds, true);

            DropBlockedException e = catchThrowableOfType(DropBlockedException.class,
                    () -> execute(ddl, "DROP TABLE parent"));

            assertThat(e.blockers()).singleElement().satisfies(h -> assertThat(h.origin()).hasValueSatisfying(o -> {
                assertThat(o.stack()).isEmpty();
                assertThat(o.thread()).isEqualTo("nightly-report");
            }));
            assertThat(e.getMessage()).contains("stack capture is off", "thread \"nightly-report\" is now at:",
                    "DropGuardPostgresIT.waitForTheDrop");
        } finally {
            done.countDown();
            worker.join();
        }
    }

    private static void waitForTheDrop(CountDownLatch done) {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void withoutHoldersTheDropRunsAndLockTimeoutIsRestored() throws SQLException {
        DataSource ds = guarded(DropPolicy.FAIL, Duration.ofSeconds(5));
        Connection ddl = borrow(ds, true);
        execute(ddl, "set lock_timeout = '7s'");
        execute(ddl, "DROP TABLE child");
        try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery("show lock_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("7s");
        }
        assertThat(POSTGRESQL.tableExists(ddl, "child")).isFalse();
    }

    @Test
    void listenersRunUnderTheApplicationsLockTimeoutNotTheAttemptsOne() throws SQLException {
        DdlEvents events = new DdlEvents();
        List<String> seen = new ArrayList<>();
        DdlListener show = ctx -> {
            try (Statement s = ctx.connection().createStatement(); ResultSet rs = s.executeQuery("show lock_timeout")) {
                rs.next();
                seen.add(ctx.event() + " " + rs.getString(1));
            }
        };
        events.listen(Target.anyTable(), DdlEvent.BEFORE_DROP, show);
        events.listen(Target.anyTable(), DdlEvent.AFTER_DROP, show);
        DataSource ds = DdlGuard.builder().events(events).attemptTimeout(Duration.ofMillis(250)).build().wrap(pool);
        Connection ddl = borrow(ds, true);
        execute(ddl, "set lock_timeout = '7s'");

        execute(ddl, "DROP TABLE child");

        assertThat(seen).containsExactly("BEFORE_DROP 7s", "AFTER_DROP 7s");
        try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery("show lock_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("7s");
        }
    }

    @Test
    void inATransactionARefusedDropLeavesTheTransactionUsable() throws SQLException {
        DataSource ds = guarded(DropPolicy.WAIT, Duration.ofMillis(500));
        Connection reader = borrow(ds, false);
        readAll(reader, "select * from parent");
        Connection ddl = borrow(ds, false);
        execute(ddl, "insert into child values (1, 1)");

        long started = System.nanoTime();
        assertThatThrownBy(() -> execute(ddl, "DROP TABLE parent CASCADE")).isInstanceOf(DropBlockedException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(400L, 2_000L);

        execute(ddl, "insert into child values (2, 1)");
        ddl.commit();
        try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery("select count(*) from child")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }
}
