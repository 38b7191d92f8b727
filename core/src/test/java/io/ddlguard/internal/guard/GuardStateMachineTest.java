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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard's state machine on PostgreSQL's transaction-scoped bounds, against a recording fake connection: every
 * path of a guarded statement (unblocked, retried, refused, failed, run outside a transaction block, interrupted by
 * listeners, a failed check) leaves the connection's transaction mode, its savepoints and its lock timeout as the
 * caller left them, and sets nothing at session level that a pooler could hand to another client. A leak shows here
 * as a call sequence that does not end where it began.
 */
class GuardStateMachineTest {

    private static final Map<String, String> NAMES = Map.of(
            PostgresBounds.SET_LOCAL, "set local",
            PostgresBounds.OPEN_SAVEPOINT, "savepoint + set local",
            PostgresBounds.RELEASE_SAVEPOINT, "release savepoint + restore local",
            PostgresBounds.ROLLBACK_TO_SAVEPOINT, "rollback to savepoint",
            PostgresBounds.DROP_SAVEPOINT, "drop savepoint");

    private final List<String> calls = new ArrayList<>();
    /** What each read of the holders finds, in turn; empty lists once used up. */
    private final Deque<List<LockHolder>> holders = new ArrayDeque<>();
    private boolean autoCommit;
    private boolean failReads;

    /** Which bounds the fake engine keeps. */
    private enum Engine {
        /** PostgreSQL's transaction-scoped bounds, on a direct connection. */
        POSTGRES_DIRECT,
        /** PostgreSQL's, behind a pooler that may pool transactions. */
        POSTGRES_POOLED,
        /** A session lock timeout, set and put back, with savepoints in a transaction (MariaDB, H2, SQLite). */
        SESSION
    }

    /** An engine with a pre-checked inspection whose holders the test scripts. */
    private final class FakeGuard extends PolicyGuard {
        private final Engine engine;

        FakeGuard(DropPolicy policy, Duration lockWait, Engine engine) {
            super("fake", new GuardSettings(policy, lockWait, Duration.ofMillis(10)), new ConnectionRegistry(false));
            this.engine = engine;
        }

        @Override
        Inspection inspect(Connection c, List<DdlElement> elements) throws SQLException {
            calls.add("read plan");
            if (failReads) {
                throw new SQLException("permission denied for pg_locks", "42501");
            }
            return new Inspection() {
                @Override
                public List<DdlElement> elements() {
                    return elements;
                }

                @Override
                public List<LockHolder> holders(Connection connection) {
                    calls.add("read holders");
                    return holders.isEmpty() ? List.of() : holders.poll();
                }
            };
        }

        @Override
        boolean inspectionWaitsForLocks(List<DdlElement> elements) {
            return engine != Engine.SESSION;
        }

        @Override
        Bound bound(Connection c, List<DdlElement> elements, boolean autoCommit) throws SQLException {
            if (engine == Engine.SESSION) {
                return super.bound(c, elements, autoCommit);
            }
            if (!autoCommit) {
                return new PostgresBounds.InSavepoint(name, c, pid -> { });
            }
            java.util.function.Supplier<Bound> outside = () -> engine == Engine.POSTGRES_DIRECT
                    ? new SessionBound(name, sessionTimeout, c, false, false)
                    : new PostgresBounds.CheckOnly(name, c, pid -> { }, "behind a pooler");
            return elements.get(0).sql().contains("CONCURRENTLY") ? outside.get()
                    : new PostgresBounds.OwnTransaction(name, c, pid -> { }, outside);
        }

        @Override
        String setAttemptTimeout(Connection c, long millis, boolean inTransaction) {
            calls.add("set session " + millis + "ms");
            return "0";
        }

        @Override
        void restoreAttemptTimeout(Connection c, String previous, boolean inTransaction) {
            calls.add("restore session " + previous);
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

    private final Savepoint savepoint = (Savepoint) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Savepoint.class}, (proxy, method, args) -> "savepoint");
    private final Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAutoCommit" -> autoCommit;
                case "setAutoCommit" -> {
                    autoCommit = (Boolean) args[0];
                    calls.add(autoCommit ? "auto-commit on" : "auto-commit off");
                    yield null;
                }
                case "commit" -> {
                    calls.add("commit");
                    yield null;
                }
                case "rollback" -> {
                    calls.add(args == null ? "rollback" : "rollback to savepoint");
                    yield null;
                }
                case "setSavepoint" -> {
                    calls.add("savepoint");
                    yield savepoint;
                }
                case "releaseSavepoint" -> {
                    calls.add("release savepoint");
                    yield null;
                }
                case "prepareStatement" -> prepared((String) args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private PreparedStatement prepared(String sql) {
        String name = NAMES.get(sql);
        if (name == null) {
            throw new AssertionError("unexpected SQL: " + sql);
        }
        Object[] parameter = {null};
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setString" -> {
                        parameter[0] = args[1];
                        yield null;
                    }
                    case "execute" -> {
                        calls.add(parameter[0] == null ? name : name + " " + parameter[0]);
                        yield sql.contains("select");
                    }
                    case "getResultSet" -> row(sql.equals(PostgresBounds.OPEN_SAVEPOINT)
                            ? new String[] {"5s", "10ms", "4242"} : new String[] {"10ms", "4242"});
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ResultSet row(String[] values) {
        boolean[] read = {false};
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> {
                        boolean first = !read[0];
                        read[0] = true;
                        yield first;
                    }
                    case "getString" -> values[(Integer) args[0] - 1];
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<DdlElement> statement(String sql) {
        return StatementParser.guarded(sql, Dialect.POSTGRESQL);
    }

    private static SQLException lockTimeout() {
        return new SQLException("canceling statement due to lock timeout", "55P03");
    }

    private static LockHolder holder() {
        return new LockHolder(OptionalLong.of(77), Optional.empty(), "t", "AccessShareLock", true, false,
                Optional.of("idle in transaction"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(),
                Optional.empty(), List.of(), Optional.empty());
    }

    /** Runs {@code sql} as a guarded statement whose attempts end as {@code outcomes} say, in turn. */
    private String run(FakeGuard guard, String sql, SQLException... outcomes) throws SQLException {
        GuardedStatement statement = guard.check(connection, statement(sql), true);
        int[] attempt = {0};
        return statement.execute(connection, () -> {
            calls.add("attempt");
            if (attempt[0] < outcomes.length) {
                throw outcomes[attempt[0]++];
            }
            return "ran";
        }, true);
    }

    private FakeGuard guard(DropPolicy policy) {
        return new FakeGuard(policy, Duration.ofSeconds(5), Engine.POSTGRES_POOLED);
    }

    @Test
    void inAutoCommitTheCheckAndTheAttemptShareOneShortTransactionWithALocalTimeout() throws SQLException {
        autoCommit = true;

        assertThat(run(guard(DropPolicy.FAIL), "DROP TABLE t")).isEqualTo("ran");

        assertThat(calls).containsExactly("auto-commit off", "set local 10ms", "read plan", "read holders",
                "attempt", "commit", "auto-commit on");
        assertThat(autoCommit).isTrue();
    }

    @Test
    void aTimedOutAttemptRollsBackAndTheRetrySetsTheLocalTimeoutInItsNewTransaction() throws SQLException {
        autoCommit = true;

        assertThat(run(guard(DropPolicy.WAIT), "DROP TABLE t", lockTimeout())).isEqualTo("ran");

        assertThat(calls).containsExactly("auto-commit off", "set local 10ms", "read plan", "read holders",
                "attempt", "rollback", "set local 10ms", "read holders", "attempt", "commit", "auto-commit on");
    }

    @Test
    void aRefusedStatementEndsItsTransactionAndGivesAutoCommitBack() {
        autoCommit = true;
        holders.add(List.of(holder()));

        assertThatThrownBy(() -> run(guard(DropPolicy.FAIL), "DROP TABLE t")).isInstanceOf(DropBlockedException.class);

        assertThat(calls).containsExactly("auto-commit off", "set local 10ms", "read plan", "read holders",
                "rollback", "auto-commit on");
    }

    @Test
    void aStatementRefusedAfterItsAttemptsTimedOutLeavesNothingOpen() {
        autoCommit = true;
        FakeGuard guard = new FakeGuard(DropPolicy.WAIT, Duration.ofMillis(60), Engine.POSTGRES_POOLED);

        assertThatThrownBy(() -> run(guard, "DROP TABLE t", lockTimeout(), lockTimeout(), lockTimeout(),
                lockTimeout(), lockTimeout(), lockTimeout(), lockTimeout(), lockTimeout(), lockTimeout()))
                .isInstanceOf(DropBlockedException.class);

        assertThat(calls.subList(calls.size() - 2, calls.size())).containsExactly("rollback", "auto-commit on");
        assertThat(autoCommit).isTrue();
        assertThat(calls).doesNotContain("commit").noneMatch(c -> c.startsWith("set session"));
    }

    @Test
    void anotherFailureRollsBackAndReachesTheCallerUnchanged() {
        autoCommit = true;
        SQLException missing = new SQLException("relation \"t\" does not exist", "42P01");

        assertThatThrownBy(() -> run(guard(DropPolicy.FAIL), "DROP TABLE t", missing)).isSameAs(missing);

        assertThat(calls).containsExactly("auto-commit off", "set local 10ms", "read plan", "read holders",
                "attempt", "rollback", "auto-commit on");
    }

    @Test
    void aStatementThatCannotRunInATransactionBlockRunsAgainUnderASessionTimeoutOnADirectConnection()
            throws SQLException {
        autoCommit = true;
        SQLException inBlock = new SQLException("ALTER SYSTEM cannot run inside a transaction block", "25001");

        assertThat(run(new FakeGuard(DropPolicy.FAIL, Duration.ofSeconds(5), Engine.POSTGRES_DIRECT), "DROP TABLE t", inBlock))
                .isEqualTo("ran");

        assertThat(calls).containsExactly("auto-commit off", "set local 10ms", "read plan", "read holders",
                "attempt", "rollback", "auto-commit on", "set session 10ms", "attempt", "restore session 0");
    }

    @Test
    void aConcurrentlyFormOnADirectConnectionSetsTheSessionTimeoutAndPutsItBackOnEveryPath() throws SQLException {
        autoCommit = true;
        FakeGuard direct = new FakeGuard(DropPolicy.FAIL, Duration.ofSeconds(5), Engine.POSTGRES_DIRECT);

        run(direct, "CREATE INDEX CONCURRENTLY i ON t (a)");
        assertThat(calls).containsExactly("set session 10ms", "read plan", "read holders", "attempt",
                "restore session 0");

        calls.clear();
        holders.add(List.of(holder()));
        assertThatThrownBy(() -> run(direct, "CREATE INDEX CONCURRENTLY i ON t (a)"))
                .isInstanceOf(DropBlockedException.class);
        assertThat(calls).containsExactly("set session 10ms", "read plan", "read holders", "restore session 0");

        calls.clear();
        assertThatThrownBy(() -> run(direct, "CREATE INDEX CONCURRENTLY i ON t (a)",
                new SQLException("could not create unique index", "23505"))).hasMessageContaining("unique index");
        assertThat(calls).containsExactly("set session 10ms", "read plan", "read holders", "attempt",
                "restore session 0");
    }

    @Test
    void behindAPoolerAConcurrentlyFormIsCheckedInATransactionAndRunsUnboundedInAutoCommit() throws SQLException {
        autoCommit = true;

        run(guard(DropPolicy.FAIL), "CREATE INDEX CONCURRENTLY i ON t (a)");

        assertThat(calls).containsExactly("auto-commit off", "set local 10ms", "read plan", "read holders",
                "rollback", "auto-commit on", "attempt");
        assertThat(calls).noneMatch(c -> c.startsWith("set session"));
    }

    @Test
    void inTheCallersTransactionOneSavepointCoversTheCheckAndTheAttemptsAndTheCallersTimeoutComesBack()
            throws SQLException {
        autoCommit = false;

        assertThat(run(guard(DropPolicy.WAIT), "DROP TABLE t", lockTimeout(), lockTimeout())).isEqualTo("ran");

        assertThat(calls).containsExactly("savepoint + set local 10ms", "read plan", "read holders",
                "attempt", "rollback to savepoint", "set local 10ms", "read holders",
                "attempt", "rollback to savepoint", "set local 10ms", "read holders",
                "attempt", "release savepoint + restore local 5s");
        assertThat(calls).filteredOn(c -> c.startsWith("savepoint")).hasSize(1);
    }

    @Test
    void aRefusalInTheCallersTransactionDropsTheSavepointWhichRevertsTheTimeout() {
        autoCommit = false;
        holders.add(List.of(holder()));

        assertThatThrownBy(() -> run(guard(DropPolicy.FAIL), "DROP TABLE t")).isInstanceOf(DropBlockedException.class);

        assertThat(calls).containsExactly("savepoint + set local 10ms", "read plan", "read holders",
                "drop savepoint");
    }

    @Test
    void aFailureInTheCallersTransactionLeavesItAsTheFailureLeftIt() {
        autoCommit = false;
        SQLException missing = new SQLException("relation \"t\" does not exist", "42P01");

        assertThatThrownBy(() -> run(guard(DropPolicy.FAIL), "DROP TABLE t", missing)).isSameAs(missing);

        // the transaction is aborted, as without the guard; its end reverts the local timeout and the savepoint
        assertThat(calls).containsExactly("savepoint + set local 10ms", "read plan", "read holders", "attempt");
    }

    @Test
    void aFailedCheckInTheCallersTransactionRollsBackToTheSavepointAndTheStatementStillRunsBounded()
            throws SQLException {
        autoCommit = false;
        failReads = true;

        assertThat(run(guard(DropPolicy.FAIL), "DROP TABLE t")).isEqualTo("ran");

        assertThat(calls).containsExactly("savepoint + set local 10ms", "read plan", "rollback to savepoint",
                "set local 10ms", "attempt", "release savepoint + restore local 5s");
    }

    @Test
    void listenersRunAfterTheChecksBoundIsPutBackAndTheAttemptArmsItsOwn() throws SQLException {
        autoCommit = true;
        GuardedStatement statement = guard(DropPolicy.FAIL).check(connection, statement("DROP TABLE t"), false);

        calls.add("listener");
        assertThat(autoCommit).isTrue();
        statement.execute(connection, () -> {
            calls.add("attempt");
            return "ran";
        }, true);

        assertThat(calls).containsExactly("auto-commit off", "set local 10ms", "read plan", "read holders",
                "rollback", "auto-commit on", "listener", "auto-commit off", "set local 10ms", "attempt", "commit",
                "auto-commit on");
    }

    @Test
    void listenersInTheCallersTransactionRunWithTheSavepointGoneAndTheTimeoutReverted() throws SQLException {
        autoCommit = false;
        GuardedStatement statement = guard(DropPolicy.FAIL).check(connection, statement("DROP TABLE t"), false);

        calls.add("listener");
        statement.execute(connection, () -> {
            calls.add("attempt");
            return "ran";
        }, true);

        assertThat(calls).containsExactly("savepoint + set local 10ms", "read plan", "read holders",
                "drop savepoint", "listener", "savepoint + set local 10ms", "attempt",
                "release savepoint + restore local 5s");
    }

    // ---- a session bound (MariaDB/MySQL, H2, SQLite): set and put back, one savepoint in a transaction ----

    @Test
    void sessionBoundRetriesReuseOneSavepointAndReleaseItWhenTheStatementRuns() throws SQLException {
        autoCommit = false;
        FakeGuard guard = new FakeGuard(DropPolicy.WAIT, Duration.ofSeconds(5), Engine.SESSION);

        assertThat(run(guard, "ALTER TABLE t SET LOGGED", lockTimeout(), lockTimeout())).isEqualTo("ran");

        assertThat(calls).containsExactly("read plan", "read holders", "set session 10ms", "savepoint",
                "attempt", "rollback to savepoint", "read holders", "attempt", "rollback to savepoint",
                "read holders", "attempt", "release savepoint", "restore session 0");
    }

    @Test
    void aSessionBoundRefusalRollsBackToItsSavepointReleasesItAndRestores() {
        autoCommit = false;
        FakeGuard guard = new FakeGuard(DropPolicy.WAIT, Duration.ofMillis(50), Engine.SESSION);

        assertThatThrownBy(() -> run(guard, "ALTER TABLE t SET LOGGED", lockTimeout(), lockTimeout(), lockTimeout(),
                lockTimeout(), lockTimeout(), lockTimeout(), lockTimeout(), lockTimeout()))
                .isInstanceOf(DropBlockedException.class);

        assertThat(calls).filteredOn("savepoint"::equals).hasSize(1);
        assertThat(calls).filteredOn("release savepoint"::equals).hasSize(1);
        // the last attempt timed out and was rolled back before its holders were read for the report
        assertThat(calls.lastIndexOf("rollback to savepoint")).isLessThan(calls.lastIndexOf("read holders"));
        assertThat(calls.subList(calls.size() - 2, calls.size()))
                .containsExactly("release savepoint", "restore session 0");
    }

    @Test
    void aSessionBoundFailureReleasesTheSavepointAndReachesTheCallerAsItIs() {
        autoCommit = false;
        SQLException missing = new SQLException("relation does not exist", "42P01");

        assertThatThrownBy(() -> run(new FakeGuard(DropPolicy.FAIL, Duration.ofSeconds(5), Engine.SESSION),
                "ALTER TABLE t SET LOGGED", missing)).isSameAs(missing);

        assertThat(calls).containsExactly("read plan", "read holders", "set session 10ms", "savepoint", "attempt",
                "release savepoint", "restore session 0");
    }

    @Test
    void attemptsThatFailAtOnceArePacedLikePollsInsteadOfSpinning() {
        autoCommit = true;
        FakeGuard guard = new FakeGuard(DropPolicy.WAIT, Duration.ofMillis(300), Engine.SESSION);
        SQLException[] always = new SQLException[10_000];
        java.util.Arrays.fill(always, lockTimeout());

        assertThatThrownBy(() -> run(guard, "ALTER TABLE t SET LOGGED", always))
                .isInstanceOf(DropBlockedException.class);

        // 10 ms, doubling to 200 ms: a handful of attempts in 300 ms, never thousands (a spin would reach the cap)
        assertThat(calls).filteredOn("attempt"::equals).hasSizeBetween(2, 12);
        assertThat(calls.subList(calls.size() - 1, calls.size())).containsExactly("restore session 0");
    }
}
