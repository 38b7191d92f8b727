package io.ddlguard.internal.guard;

import io.ddlguard.internal.jdbc.ConnectionRecord;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the registry answers about this application's connections as a pool lends and takes them back. */
class ConnectionRegistryTest {

    private final ConnectionRegistry registry = new ConnectionRegistry(false);

    @Test
    void aLaterSessionGivenTheSamePidIsNeverTakenForTheRecordedOne() throws SQLException {
        Instant started = Instant.parse("2026-12-04T10:15:30.123456Z");
        ConnectionRecord record = registry.track(session(7), "orders-db", "pg:one", 7, started);

        assertThat(registry.bySession("pg:one", 7, Optional.of(started), 0)).containsSame(record);
        // the recorded session died unseen (a network cut) and the server gave its pid to a stranger
        assertThat(registry.bySession("pg:one", 7, Optional.of(started.plusMillis(2_500)), 0)).isEmpty();
        assertThat(registry.bySession("pg:one", 7, Optional.of(started.minusNanos(1_000)), 0)).isEmpty();
        // a start hidden from the asking role cannot tell the two apart: the report may name it, TERMINATE will not
        assertThat(registry.bySession("pg:one", 7, Optional.empty(), 0)).containsSame(record);
    }

    @Test
    void aDirectConnectionKnownByItsPidAloneIsNeverTakenForASessionThatStartedAfterItsBorrow() throws SQLException {
        Instant before = Instant.now();
        ConnectionRecord record = registry.track(session(7), "orders-db", "pg:one", 7, null);
        Instant after = Instant.now();

        // the connection's session started before it was borrowed (a pool opened it earlier): it is this one
        assertThat(registry.bySession("pg:one", 7, Optional.of(before.minusSeconds(3_600)), 0)).containsSame(record);
        // a session that started well after the borrow was given the pid of one that ended unseen
        assertThat(registry.bySession("pg:one", 7, Optional.of(after.plusSeconds(30)), 0)).isEmpty();
        // the same, with the server's clock 20 s ahead of this JVM's: only the offset makes it comparable
        assertThat(registry.bySession("pg:one", 7, Optional.of(after.plusSeconds(10)), 20_000)).containsSame(record);
        assertThat(registry.bySession("pg:one", 7, Optional.of(after.plusSeconds(30)), 20_000)).isEmpty();
    }

    @Test
    void anAbortedConnectionIsNeverMatchedAgain() throws SQLException {
        Instant started = Instant.parse("2026-12-04T10:15:30Z");
        ConnectionRecord record = registry.track(session(7), "orders-db", "pg:one", 7, started);
        io.ddlguard.internal.jdbc.DdlConnection wrapped =
                new io.ddlguard.internal.jdbc.DdlConnection(session(7),
                        io.ddlguard.internal.jdbc.StatementRouter.PASS_THROUGH, record);

        wrapped.abort(Runnable::run);

        assertThat(registry.bySession("pg:one", 7, Optional.of(started), 0)).isEmpty();
        assertThat(registry.open()).isZero();
        wrapped.close(); // a pool may close what it aborted: the record stays closed, counted once
        assertThat(registry.open()).isZero();
    }

    @Test
    void anOpenConnectionIsFoundByItsSessionAndAClosedOneIsNot() throws SQLException {
        ConnectionRecord record = track(session(7), "orders-db", "pg:one", SessionIds.MYSQL);

        assertThat(registry.byPid("pg:one", 7)).containsSame(record);
        assertThat(registry.byPid("pg:other", 7)).isEmpty();
        assertThat(registry.open()).isEqualTo(1);

        close(record);

        assertThat(registry.byPid("pg:one", 7)).isEmpty();
        assertThat(registry.open()).isZero();
    }

    @Test
    void aSessionLentAgainIsFoundAsItsNewBorrowAndKeepsOneEntry() throws SQLException {
        Connection physical = session(7);
        for (int i = 0; i < 1_000; i++) {
            ConnectionRecord record = track(physical, "orders-db", "pg:one", SessionIds.MYSQL);
            assertThat(registry.byPid("pg:one", 7)).containsSame(record);
            close(record);
        }

        assertThat(registry.retained()).isEqualTo(1);
        assertThat(registry.open()).isZero();
    }

    @Test
    void sessionsThatAreGoneForGoodAreSweptAsNewOnesArrive() throws SQLException {
        List<ConnectionRecord> held = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            held.add(track(session(id), "orders-db", "pg:one", SessionIds.MYSQL));
        }
        // a pool retiring and replacing its connections for a long time: every session id new, each closed
        for (int id = 100; id < 10_100; id++) {
            close(track(session(id), "orders-db", "pg:one", SessionIds.MYSQL));
        }

        assertThat(registry.retained()).isLessThanOrEqualTo(2 * held.size() + 17 + 1);
        assertThat(registry.open()).isEqualTo(held.size());
        for (ConnectionRecord r : held) {
            assertThat(registry.byPid("pg:one", r.pid())).containsSame(r);
        }
    }

    @Test
    void connectionsWithoutASessionIdAreForgottenWhenClosed() throws SQLException {
        ConnectionRecord record = track(session(-1), "file-db", "sqlite:/tmp/a.db", SessionIds.NONE);

        assertThat(registry.withoutId("sqlite:/tmp/a.db")).containsExactly(record);
        close(record);
        assertThat(registry.withoutId("sqlite:/tmp/a.db")).isEmpty();
        assertThat(registry.retained()).isZero();
    }

    /** What a guard does at a borrow: the session id as {@code ids} reads it, no session start. */
    private ConnectionRecord track(Connection raw, String dataSource, String server, SessionIds ids)
            throws SQLException {
        return registry.track(raw, dataSource, server, ids.of(raw), null);
    }

    private static void close(ConnectionRecord record) {
        record.connectionClosed(); // what the wrapper does when the application closes its connection
    }

    /** A connection whose {@code select connection_id()} answers {@code id}. */
    private static Connection session(long id) {
        ResultSet rs = proxy(ResultSet.class, (name, args) -> switch (name) {
            case "next" -> true;
            case "getLong" -> id;
            default -> null;
        });
        Statement st = proxy(Statement.class, (name, args) -> "executeQuery".equals(name) ? rs : null);
        return proxy(Connection.class, (name, args) -> switch (name) {
            case "createStatement" -> st;
            case "isWrapperFor", "getAutoCommit" -> name.equals("getAutoCommit");
            default -> null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (p, m, args) -> m.getName().equals("hashCode") ? System.identityHashCode(p)
                        : m.getName().equals("equals") ? p == args[0] : answer.answer(m.getName(), args)));
    }
}
