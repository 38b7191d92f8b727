package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.DropPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ddlguard.it.PooledDatabase.POSTGRESQL;
import static io.ddlguard.it.Sessions.awaitLockWait;
import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DDL whose own transaction already holds the lock is never refused, not even when other sessions are queued
 * for that lock behind it: PostgreSQL places the holder's new request ahead of them.
 */
class DropGuardOwnTransactionIT {

    private static HikariDataSource pool;

    @BeforeAll
    static void openPool() throws SQLException {
        pool = POSTGRESQL.open("drop_guard_own_tx_it", 4);
        try (Connection c = pool.getConnection()) {
            execute(c, "create table orders (id int primary key, note text); create index orders_note on orders (note)");
        }
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void sessionsQueuedBehindTheDdlsOwnTransactionDoNotBlockIt() throws Exception {
        DataSource ds = DdlGuard.builder().dropPolicy(DropPolicy.FAIL).lockWait(Duration.ofSeconds(3)).build()
                .wrap(pool);
        try (Connection migration = ds.getConnection(); Connection reader = pool.getConnection();
             Connection observer = pool.getConnection()) {
            migration.setAutoCommit(false);
            execute(migration, "alter table orders add column total int");
            CompletableFuture<Void> queued = CompletableFuture.runAsync(() -> {
                try {
                    readAll(reader, "select * from orders");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLockWait(observer, pid(reader));

            execute(migration, "drop index orders_note");
            migration.commit();

            queued.get(10, TimeUnit.SECONDS);
            assertThat(POSTGRESQL.indexesOf(observer, "orders")).doesNotContain("orders_note");
        }
    }
}
