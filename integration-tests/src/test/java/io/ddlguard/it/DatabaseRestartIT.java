package io.ddlguard.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.ddlguard.DdlGuard;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;
import io.ddlguard.internal.guard.ConnectionRegistry;
import io.ddlguard.internal.dispatch.EventDispatcher;
import io.ddlguard.internal.jdbc.DdlDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.ddlguard.it.Sessions.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * PostgreSQL restarts under a guarded HikariCP pool: the connections in use fail with the driver's own error, the
 * guard frees its records of them as the application closes them, and once the server is back the pool refills and
 * DDL runs guarded and fires its events again. Runs a PostgreSQL server of its own (the shared one must not stop),
 * stopped and started again on the same port.
 */
class DatabaseRestartIT {

    private static final int SIZE = 4;

    @Test
    void thePoolRecoversAfterARestartAndTheGuardKeepsNoRecordOfTheDeadConnections() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedPostgres server = EmbeddedPostgres.builder().setPort(port).start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres");
        config.setPoolName("restart");
        config.setMaximumPoolSize(SIZE);
        config.setMinimumIdle(SIZE);
        config.setConnectionTimeout(30_000);
        DdlEvents events = new DdlEvents();
        AtomicInteger created = new AtomicInteger();
        events.listen(Target.anyTable(), DdlEvent.AFTER_CREATE, ctx -> created.incrementAndGet());
        try (HikariDataSource pool = new HikariDataSource(config)) {
            DataSource guarded = DdlGuard.builder().events(events).build().wrap(pool);
            ConnectionRegistry registry = ((EventDispatcher) ((DdlDataSource) guarded).router()).registry();
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();

            List<Connection> inUse = borrowAll(guarded);
            execute(inUse.get(0), "CREATE TABLE before_restart (id int)");
            assertThat(registry.open()).isEqualTo(SIZE);

            server.close();
            for (Connection c : inUse) {
                SQLException broken = catchThrowableOfType(SQLException.class, () -> execute(c, "DROP TABLE x"));
                // the driver's own failure, which HikariCP evicts on: admin_shutdown, or a connection exception
                assertThat(broken.getSQLState()).matches("57P01|08...");
                c.close();
            }
            assertThat(registry.open()).as("the dead connections are no longer tracked as open").isZero();

            server = EmbeddedPostgres.builder().setPort(port).start();
            await(() -> mx.getIdleConnections() == SIZE, "the pool refilled after the restart");
            inUse = borrowAll(guarded);
            assertThat(registry.open()).isEqualTo(SIZE);
            execute(inUse.get(1), "CREATE TABLE after_restart (id int)");
            execute(inUse.get(2), "DROP TABLE after_restart");
            for (Connection c : inUse) {
                c.close();
            }

            assertThat(created).hasValue(2);
            assertThat(registry.open()).isZero();
            assertThat(registry.retained()).as("closed records kept for reuse stay bounded").isLessThanOrEqualTo(2 * SIZE + 17);
            assertThat(mx.getActiveConnections()).isZero();
            assertThat(mx.getIdleConnections()).isEqualTo(SIZE);
        } finally {
            server.close();
        }
    }

    private static List<Connection> borrowAll(DataSource ds) throws SQLException {
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            all.add(ds.getConnection());
        }
        return all;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
