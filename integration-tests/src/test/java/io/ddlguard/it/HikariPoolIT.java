package io.ddlguard.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.ddlguard.DdlGuard;
import io.ddlguard.DdlVetoException;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ddlguard around a HikariCP pool on PostgreSQL: unwrap reaches the pool, the guard's records carry the pool's
 * name, and connections whose DDL was vetoed or refused go back to the pool healthy, so that it keeps every
 * connection (the same server sessions) it had.
 */
class HikariPoolIT {

    private static final int SIZE = 4;
    private static DataSource database;
    private static HikariDataSource pool;

    @BeforeAll
    static void openPool() throws SQLException {
        database = PostgresServer.newDatabase("hikari_pool_it");
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setPoolName("orders-pool");
        config.setMaximumPoolSize(SIZE);
        config.setMinimumIdle(SIZE);
        config.setConnectionTimeout(10_000);
        config.setLeakDetectionThreshold(2_000);
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection()) {
            execute(c, "create table orders (id int primary key); create table audit_log (id int)");
        }
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void unwrapAndIsWrapperForReachThePool() throws SQLException {
        DataSource ds = DdlGuard.builder().build().wrap(pool);

        assertThat(ds.unwrap(HikariDataSource.class)).isSameAs(pool);
        assertThat(ds.isWrapperFor(HikariDataSource.class)).isTrue();
        assertThat(ds.unwrap(HikariConfigMXBean.class).getPoolName()).isEqualTo("orders-pool");
        try (Connection c = ds.getConnection()) {
            assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
        }
    }

    @Test
    void connectionsWithAVetoOrARefusedDropGoBackToThePoolHealthy() throws Exception {
        DdlEvents events = new DdlEvents();
        events.listen(Target.table("audit_log"), DdlEvent.BEFORE_DROP, ctx -> {
            throw new SQLException("audit tables are never dropped");
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DataSource failFast = DdlGuard.builder().events(events).meterRegistry(registry).build().wrap(pool);
        DataSource bounded = DdlGuard.builder().events(events).dropPolicy(DropPolicy.LOG)
                .lockWait(Duration.ofMillis(300)).build().wrap(pool);
        Set<Integer> sessions = sessionsOfEveryPooledConnection();
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        assertThat(mx.getTotalConnections()).isEqualTo(SIZE);

        try (Connection reader = failFast.getConnection()) {
            reader.setAutoCommit(false);
            readAll(reader, "select * from orders");
            for (int i = 0; i < 3; i++) {
                try (Connection c = failFast.getConnection()) {
                    DropBlockedException refused = catchThrowableOfType(DropBlockedException.class,
                            () -> execute(c, "DROP TABLE orders"));
                    assertThat((Throwable) refused).isNotNull();
                    assertThat(refused.blockers()).singleElement().satisfies(h -> {
                        assertThat(h.pid()).hasValue(pid(reader));
                        assertThat(h.origin()).hasValueSatisfying(o ->
                                assertThat(o.dataSource()).isEqualTo("orders-pool"));
                    });
                    assertThat(refused.getMessage()).contains("from orders-pool");
                }
                try (Connection c = failFast.getConnection()) {
                    Throwable veto = catchThrowableOfType(DdlVetoException.class,
                            () -> execute(c, "DROP TABLE audit_log"));
                    assertThat(veto).isNotNull();
                }
                try (Connection c = bounded.getConnection()) {
                    // LOG runs it anyway, in attempts under lock_timeout: PostgreSQL's own lock timeout passes
                    // through HikariCP's proxy statement, which inspects it, before the guard turns it into a report.
                    c.setAutoCommit(false);
                    DropBlockedException timedOut = catchThrowableOfType(DropBlockedException.class,
                            () -> execute(c, "ALTER TABLE orders ADD COLUMN note text"));
                    assertThat((Throwable) timedOut).isNotNull();
                    assertThat(((SQLException) timedOut.getCause()).getSQLState()).isEqualTo("55P03");
                    execute(c, "select 1");
                    c.rollback();
                }
            }
            reader.rollback();
        }

        assertThat(mx.getTotalConnections()).isEqualTo(SIZE);
        assertThat(mx.getIdleConnections()).isEqualTo(SIZE);
        assertThat(sessionsOfEveryPooledConnection()).isEqualTo(sessions);
        assertThat(registry.get("ddlguard.blocked").tags("policy", "fail", "outcome", "refused").counter().count())
                .isEqualTo(3);
        assertThat(registry.get("ddlguard.guard.holders").summary().max()).isEqualTo(1);
        assertThat(registry.get("ddlguard.guard.checks").tag("outcome", "blocked").timer().count()).isEqualTo(3);
        assertThat(registry.get("ddlguard.statements").tags("operation", "drop", "outcome", "blocked").timer()
                .count()).isEqualTo(3);
        assertThat(registry.get("ddlguard.statements").tags("operation", "drop", "outcome", "vetoed").timer()
                .count()).isEqualTo(3);
    }

    @Test
    void aPoolThatNamesItselfWhenItStartsIsRecordedByThatName() throws SQLException {
        try (HikariDataSource unnamed = new HikariDataSource()) {
            unnamed.setDataSource(database);
            unnamed.setMaximumPoolSize(2);
            DataSource ds = DdlGuard.builder().build().wrap(unnamed);
            assertThat(unnamed.getPoolName()).as("HikariCP names the pool when it starts").isNull();

            try (Connection reader = ds.getConnection(); Connection ddl = ds.getConnection()) {
                reader.setAutoCommit(false);
                readAll(reader, "select * from orders");
                DropBlockedException refused = catchThrowableOfType(DropBlockedException.class,
                        () -> execute(ddl, "DROP TABLE orders"));

                assertThat(unnamed.getPoolName()).startsWith("HikariPool-");
                assertThat(refused.blockers().get(0).origin()).hasValueSatisfying(o ->
                        assertThat(o.dataSource()).isEqualTo(unnamed.getPoolName()));
                reader.rollback();
            }
        }
    }

    @Test
    void leakDetectionSeesAConnectionBorrowedThroughTheGuard() throws Exception {
        DataSource ds = DdlGuard.builder().build().wrap(pool);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(err, captured), true, StandardCharsets.UTF_8));
        try {
            try (Connection leaked = ds.getConnection()) {
                awaitOutput(captured, "Connection leak detection triggered");
            }
            awaitOutput(captured, "was returned to the pool (unleaked)");
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("HikariPoolIT.leakDetectionSeesAConnectionBorrowedThroughTheGuard");
    }

    /** The backend pid of every connection in the pool, borrowed all at once through the pool itself. */
    private static Set<Integer> sessionsOfEveryPooledConnection() throws SQLException {
        List<Connection> all = new ArrayList<>();
        Set<Integer> pids = new HashSet<>();
        try {
            for (int i = 0; i < SIZE; i++) {
                Connection c = pool.getConnection();
                all.add(c);
                pids.add(pid(c));
            }
        } finally {
            for (Connection c : all) {
                c.close();
            }
        }
        return pids;
    }

    private static void awaitOutput(ByteArrayOutputStream captured, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!captured.toString(StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("HikariCP never logged \"" + text + "\"");
            }
            Thread.sleep(50);
        }
    }

    /** Writes to two streams: the real one and a buffer the test reads. */
    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream first;
        private final ByteArrayOutputStream second;

        TeeStream(PrintStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
