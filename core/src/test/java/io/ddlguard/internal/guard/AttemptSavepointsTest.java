package io.ddlguard.internal.guard;

import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.StatementParser;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounded attempts of a statement inside the caller's transaction, against a recording fake: one savepoint for
 * all attempts, rolled back to after each timeout and released however the statement ends, so that retries never
 * nest subtransactions.
 */
class AttemptSavepointsTest {

    private final List<String> calls = new ArrayList<>();
    private final Connection connection = recording();

    /** An engine whose every attempt is checked first and whose holders are never visible. */
    private final class FakeGuard extends PolicyGuard {
        FakeGuard(DropPolicy policy, Duration lockWait) {
            super("fake", new GuardSettings(policy, lockWait, Duration.ofMillis(10)), new ConnectionRegistry(false));
        }

        @Override
        Inspection inspect(Connection c, List<DdlElement> elements) {
            return new AttemptFirst(elements) {
                @Override
                public List<LockHolder> holders(Connection connection) {
                    return List.of();
                }
            };
        }

        @Override
        String setAttemptTimeout(Connection c, long millis, boolean inTransaction) {
            calls.add("set timeout");
            return "0";
        }

        @Override
        void restoreAttemptTimeout(Connection c, String previous, boolean inTransaction) {
            calls.add("restore timeout");
        }

        @Override
        boolean isLockTimeout(SQLException e) {
            return "55P03".equals(e.getSQLState());
        }

        @Override
        Termination terminate(Connection c, long pid, Optional<Instant> started) {
            return Termination.GONE;
        }

        @Override
        boolean transactionalDdl() {
            return true;
        }

        @Override
        SessionIds sessionIds() {
            return SessionIds.NONE;
        }
    }

    private Connection recording() {
        Savepoint savepoint = (Savepoint) Proxy.newProxyInstance(Savepoint.class.getClassLoader(),
                new Class<?>[] {Savepoint.class}, (proxy, method, args) -> method.getName().equals("toString")
                        ? "savepoint" : null);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAutoCommit" -> false;
                    case "setSavepoint" -> {
                        calls.add("savepoint");
                        yield savepoint;
                    }
                    case "rollback" -> {
                        calls.add("rollback to savepoint");
                        yield null;
                    }
                    case "releaseSavepoint" -> {
                        calls.add("release savepoint");
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<DdlElement> statement() {
        return StatementParser.guarded("ALTER TABLE t SET LOGGED", Dialect.POSTGRESQL);
    }

    private static SQLException lockTimeout() {
        return new SQLException("canceling statement due to lock timeout", "55P03");
    }

    @Test
    void retriesReuseOneSavepointAndReleaseItWhenTheStatementRuns() throws SQLException {
        GuardedStatement run = new FakeGuard(DropPolicy.WAIT, Duration.ofSeconds(5)).check(connection, statement());
        int[] attempts = {0};

        String result = run.execute(connection, () -> {
            calls.add("attempt");
            if (++attempts[0] < 3) {
                throw lockTimeout();
            }
            return "ran";
        }, true);

        assertThat(result).isEqualTo("ran");
        assertThat(calls).containsExactly("set timeout", "savepoint",
                "attempt", "rollback to savepoint", "attempt", "rollback to savepoint", "attempt",
                "release savepoint", "restore timeout");
    }

    @Test
    void aRefusedStatementRollsBackToItsSavepointAndReleasesIt() throws SQLException {
        GuardedStatement run = new FakeGuard(DropPolicy.WAIT, Duration.ofMillis(50)).check(connection, statement());

        assertThatThrownBy(() -> run.execute(connection, () -> {
            calls.add("attempt");
            throw lockTimeout();
        }, true)).isInstanceOf(DropBlockedException.class);

        assertThat(calls).filteredOn("savepoint"::equals).hasSize(1);
        assertThat(calls).filteredOn("release savepoint"::equals).hasSize(1);
        assertThat(calls.subList(calls.size() - 3, calls.size()))
                .containsExactly("rollback to savepoint", "release savepoint", "restore timeout");
    }

    @Test
    void anotherFailureReleasesTheSavepointAndReachesTheCallerAsItIs() throws SQLException {
        GuardedStatement run = new FakeGuard(DropPolicy.FAIL, Duration.ofSeconds(5)).check(connection, statement());

        assertThatThrownBy(() -> run.execute(connection, () -> {
            calls.add("attempt");
            throw new SQLException("relation does not exist", "42P01");
        }, true)).hasMessageContaining("relation does not exist");

        assertThat(calls).containsExactly("set timeout", "savepoint", "attempt", "release savepoint",
                "restore timeout");
    }
}
