package io.ddlguard.internal.guard;

import io.ddlguard.DropPolicy;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the one query per server that tells a direct connection from a pooled one fails, the guard does not fall
 * through to tracing by the driver's pid (which behind a pooler is the pooler's key), and it does not ask again on
 * every borrow: the server is remembered as unreadable, its connections are not traced, and the report says why.
 */
class UnreadableServerIT {

    @Test
    void aServerWhoseSessionCannotBeReadIsAskedOnceAndNothingIsTraced() throws SQLException {
        DataSource database = io.ddlguard.it.PostgresTestAccess.newDatabase("unreadable_server_it");
        AtomicInteger asked = new AtomicInteger();
        ConnectionRegistry registry = new ConnectionRegistry(false);
        PostgresGuard guard = new PostgresGuard("unreadable", new GuardSettings(DropPolicy.FAIL, Duration.ofSeconds(1),
                Duration.ofMillis(100)), registry);
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Connection c = refusingToShowItsSession(database.getConnection(), asked);
                open.add(c);
                assertThat(guard.track(c, "orders-db").pid()).as("not traced").isEqualTo(-1);
            }

            assertThat(asked).as("asked once, not per borrow").hasValue(1);
            assertThat(guard.untraced(open.get(0))).contains("could not read how this application's connections"
                    + " reach the server");
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }

    /** {@code real}, except that reading its own row of {@code pg_stat_activity} fails (a revoked view, say). */
    private static Connection refusingToShowItsSession(Connection real, AtomicInteger asked) {
        return (Connection) Proxy.newProxyInstance(UnreadableServerIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && ((String) args[0]).contains("clock_timestamp")) {
                        asked.incrementAndGet();
                        throw new SQLException("permission denied for view pg_stat_activity", "42501");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
