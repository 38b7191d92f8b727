package io.ddlguard.internal.guard;

import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.StatementParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * PostgreSQL reuses a pid once its session ended. A connection this application borrowed may die unseen (a network
 * cut, a server-side kill) while its record still looks open; the server may then give its pid to a stranger. This
 * suite simulates that on a real server, through {@code backend_start}: the guard's record says pid P started at one
 * time, the session now holding pid P started at another. The stranger must never be traced to this application's
 * code, and {@code TERMINATE} must leave it alone, both in the guard's matching and in the statement that ends
 * sessions, which re-checks {@code backend_start} on the server.
 */
class PidReuseIT {

    private static DataSource database;
    private static Connection stranger;
    private static Connection ddl;

    @BeforeAll
    static void open() throws SQLException {
        database = io.ddlguard.it.PostgresTestAccess.newDatabase("pid_reuse_it");
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("create role pid_reuse_app login");
            s.execute("create table t (id int); alter table t owner to pid_reuse_app");
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) { // the role exists from an earlier run
                throw e;
            }
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table t (id int); alter table t owner to pid_reuse_app");
            }
        }
        stranger = io.ddlguard.it.PostgresTestAccess.dataSource("pid_reuse_it", "pid_reuse_app").getConnection();
        stranger.setAutoCommit(false);
        try (Statement s = stranger.createStatement()) {
            s.executeQuery("select * from t").close();
        }
        ddl = io.ddlguard.it.PostgresTestAccess.dataSource("pid_reuse_it", "pid_reuse_app").getConnection();
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection c : new Connection[] {stranger, ddl}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static long pid(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    private static Instant backendStart(long pid) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("select backend_start from pg_stat_activity where pid = ?")) {
            ps.setInt(1, (int) pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    private static boolean alive(long pid) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from pg_stat_activity where pid = ?")) {
            ps.setInt(1, (int) pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static PostgresGuard guard(ConnectionRegistry registry, DropPolicy policy) {
        return new PostgresGuard("pid-reuse", new GuardSettings(policy, Duration.ofMillis(500), Duration.ofMillis(50)),
                registry);
    }

    /**
     * The guard's verdict on DROP TABLE t, which the stranger blocks, when its registry says pid P started then (a
     * record learned through a session pooler knows its session's start).
     */
    private static DropBlockedException refusal(Instant recordedStart, DropPolicy policy) throws SQLException {
        ConnectionRegistry registry = new ConnectionRegistry(true);
        PostgresGuard guard = guard(registry, policy);
        guard.track(ddl, "orders-db"); // learns how the server is reached: directly
        registry.track(ddl, "orders-db", guard.server(ddl), pid(stranger), recordedStart);
        DropBlockedException refused = catchThrowableOfType(DropBlockedException.class,
                () -> guard.check(ddl, StatementParser.guarded("DROP TABLE t", Dialect.POSTGRESQL), true));
        assertThat((Throwable) refused).isNotNull();
        assertThat(refused.blockers()).extracting(h -> h.pid().getAsLong()).containsExactly(pid(stranger));
        return refused;
    }

    @Test
    void aStrangerGivenTheRecordedPidIsNeitherTracedNorTerminated() throws SQLException {
        long pid = pid(stranger);
        Instant started = backendStart(pid);

        // the record of the session itself: traced (the control, so that the next assertion can fail)
        assertThat(refusal(started, DropPolicy.FAIL).blockers().get(0).origin()).isPresent();
        // this application's connection that had pid P died unseen; the stranger's session got P later
        DropBlockedException refused = refusal(started.minusSeconds(90), DropPolicy.TERMINATE);

        assertThat(refused.blockers().get(0).origin()).as("not this application's connection").isEmpty();
        assertThat(refused.getMessage()).doesNotContain("terminated");
        assertThat(alive(pid)).isTrue();
    }

    @Test
    void theStatementThatEndsASessionChecksItsStartOnTheServerToo() throws SQLException {
        PostgresGuard guard = guard(new ConnectionRegistry(false), DropPolicy.TERMINATE);
        long pid = pid(stranger);
        Instant started = backendStart(pid);

        // a session that ended between the check and the kill, its pid taken by another: left alone
        assertThat(guard.terminate(ddl, pid, Optional.of(started.minusMillis(1)))).isEqualTo(
                PolicyGuard.Termination.GONE);
        assertThat(guard.terminate(ddl, pid, Optional.of(started.plusSeconds(1)))).isEqualTo(
                PolicyGuard.Termination.GONE);
        assertThat(alive(pid)).isTrue();
    }
}
