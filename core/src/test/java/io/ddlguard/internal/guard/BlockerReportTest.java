package io.ddlguard.internal.guard;

import io.ddlguard.ConnectionOrigin;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class BlockerReportTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static LockHolder session(long pid, String relation, String mode, Optional<ConnectionOrigin> origin,
                                      boolean hidden) {
        return new LockHolder(OptionalLong.of(pid), Optional.empty(), relation, mode, true, false,
                hidden ? Optional.empty() : Optional.of("idle in transaction"),
                hidden ? Optional.empty() : Optional.of(NOW.minusSeconds(42)),
                hidden ? Optional.empty() : Optional.of(NOW.minusSeconds(43)),
                hidden ? Optional.empty() : Optional.of("select *\n  from users"),
                Optional.of("app"), Optional.of("billing"), Optional.empty(), Optional.of(NOW.minusSeconds(3600)),
                OptionalLong.empty(), origin, hidden ? List.of("state", "query") : List.of(),
                hidden ? Optional.of("role \"monitor\" is not a member of pg_read_all_stats") : Optional.empty());
    }

    @Test
    void aSessionIsOneParagraphWithItsLocksStateAndQuery() {
        String report = BlockerReport.render("DROP TABLE users", "was not run",
                List.of(session(7, "public.users", "AccessShareLock", Optional.empty(), false),
                        session(7, "public.users_pkey", "AccessShareLock", Optional.empty(), false)),
                DropPolicy.FAIL, Duration.ofMillis(4), NOW, "pid", "");

        assertThat(report).startsWith("DROP TABLE users was not run: 1 session holds or awaits locks it needs "
                + "(policy FAIL, after 4 ms).");
        assertThat(report).contains("pid 7 holds AccessShareLock on public.users, public.users_pkey: "
                + "idle in transaction for 42.0 s, transaction open 43.0 s, user app, application \"billing\"");
        assertThat(report).contains("\n    last query: select * from users");
    }

    @Test
    void ownConnectionsShowWhereTheyWereBorrowedAndTheirOpenResultSets() {
        StackTraceElement frame = new StackTraceElement("com.example.Reports", "run", "Reports.java", 42);
        ConnectionOrigin origin = new ConnectionOrigin("orders", NOW.minusSeconds(50), "worker-1", List.of(frame),
                false, Optional.of(NOW.minusSeconds(44)), List.of("select * from users"));

        String report = BlockerReport.render("DROP TABLE users", "was not run",
                List.of(session(7, "public.users", "AccessShareLock", Optional.of(origin), false)),
                DropPolicy.WAIT, Duration.ofSeconds(5), NOW, "pid", "");

        assertThat(report).contains("(policy WAIT, after 5.0 s)");
        assertThat(report).contains("this application's connection, from orders, borrowed 50.0 s ago by thread "
                + "\"worker-1\", auto-commit off (last commit/rollback or begin 44.0 s ago)");
        assertThat(report).contains("\n    unclosed result set: select * from users");
        assertThat(report).contains("\n      at com.example.Reports.run(Reports.java:42)");
    }

    @Test
    void withoutABorrowStackTheReportShowsWhereTheBorrowingThreadIsNowAndHowToRecordTheBorrow() {
        StackTraceElement frame = new StackTraceElement("com.example.Batch", "waitForUpstream", "Batch.java", 77);
        ConnectionOrigin origin = new ConnectionOrigin("orders", NOW.minusSeconds(50), "batch-1", List.of(),
                false, Optional.of(NOW.minusSeconds(44)), List.of(), List.of(frame));

        String report = BlockerReport.render("DROP TABLE users", "was not run",
                List.of(session(7, "public.users", "AccessShareLock", Optional.of(origin), false)),
                DropPolicy.FAIL, Duration.ZERO, NOW, "pid", "");

        assertThat(report).contains("stack capture is off; DdlGuard.builder().captureStackTraces(true) records it)"
                + "\n    thread \"batch-1\" is now at:\n      at com.example.Batch.waitForUpstream(Batch.java:77)");
    }

    @Test
    void aConnectionBorrowedByAMigrationToolOnTheStatementsOwnThreadIsNamedAsSuch() {
        List<StackTraceElement> stack = List.of(
                new StackTraceElement("com.zaxxer.hikari.HikariDataSource", "getConnection", "H.java", 1),
                new StackTraceElement("org.flywaydb.core.internal.jdbc.JdbcUtils", "openConnection", "J.java", 59),
                new StackTraceElement("com.example.App", "main", "App.java", 3));
        String thread = Thread.currentThread().getName();
        ConnectionOrigin origin = new ConnectionOrigin("orders", NOW.minusSeconds(1), thread, stack, false,
                Optional.of(NOW.minusSeconds(1)), List.of());
        LockHolder holder = session(7, "public.users", "AccessShareLock", Optional.of(origin), false);

        String report = BlockerReport.render("DROP TABLE users", "was not run", List.of(holder), DropPolicy.FAIL,
                Duration.ZERO, NOW, "pid", "");

        assertThat(report).contains("this application's connection, from orders, opened by Flyway, borrowed 1.0 s"
                + " ago by thread \"" + thread + "\" (the thread running this statement: waiting for it would never"
                + " end), auto-commit off");
        assertThat(BlockerReport.sessions(List.of(holder), NOW)).contains("opened by Flyway")
                .doesNotContain("the thread running this statement");
    }

    @Test
    void anotherThreadsConnectionIsNotCalledTheStatementsOwn() {
        ConnectionOrigin origin = new ConnectionOrigin("orders", NOW.minusSeconds(1), "worker-9", List.of(), true,
                Optional.empty(), List.of());

        String report = BlockerReport.render("DROP TABLE users", "was not run",
                List.of(session(7, "public.users", "AccessShareLock", Optional.of(origin), false)), DropPolicy.FAIL,
                Duration.ZERO, NOW, "pid", "");

        assertThat(report).contains("from orders, borrowed 1.0 s ago by thread \"worker-9\"")
                .doesNotContain("opened by").doesNotContain("the thread running this statement");
    }

    @Test
    void withoutACapturedStackTheReportHasNoFramesAndSaysHowToCaptureThem() {
        ConnectionOrigin origin = new ConnectionOrigin("orders", NOW.minusSeconds(1), "worker-9", List.of(), true,
                Optional.empty(), List.of());

        String report = BlockerReport.render("DROP TABLE users", "was not run",
                List.of(session(7, "public.users", "AccessShareLock", Optional.of(origin), false)), DropPolicy.FAIL,
                Duration.ZERO, NOW, "pid", "");

        assertThat(report).doesNotContain("\n      at ").contains("stack capture is off")
                .contains("captureStackTraces(true)");
    }

    @Test
    void aPreparedTransactionIsNamedByGidWithHowToEndIt() {
        LockHolder prepared = new LockHolder(OptionalLong.empty(), Optional.of("tx'1"), "public.audit",
                "RowExclusiveLock", true, false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalLong.empty(), Optional.empty(), List.of(), Optional.empty());

        String report = BlockerReport.render("DROP TABLE audit", "was not run", List.of(prepared), DropPolicy.FAIL,
                Duration.ZERO, NOW, "pid", "");

        assertThat(report).contains("prepared transaction 'tx''1' holds RowExclusiveLock on public.audit with no "
                + "session; end it with COMMIT PREPARED 'tx''1' or ROLLBACK PREPARED 'tx''1'");
    }

    @Test
    void hiddenFieldsAreNamedWithTheReason() {
        String report = BlockerReport.render("DROP TABLE users", "was not run",
                List.of(session(7, "public.users", "AccessShareLock", Optional.empty(), true),
                        session(9, "public.users", "RowExclusiveLock", Optional.empty(), true)),
                DropPolicy.FAIL, Duration.ZERO, NOW, "pid", "");

        assertThat(report).contains("2 sessions hold or await locks it needs");
        assertThat(report).endsWith("State, transaction start, client address and query of pid 7, 9 are hidden: "
                + "role \"monitor\" is not a member of pg_read_all_stats.");
        assertThat(report).doesNotContain("last query");
    }

    @Test
    void aWaitingBlockerNamesTheRootOfItsChain() {
        LockHolder waiting = new LockHolder(OptionalLong.of(8), Optional.empty(), "public.users",
                "AccessExclusiveLock", false, false, Optional.of("active"), Optional.empty(), Optional.empty(),
                Optional.of("lock table users"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalLong.of(7), Optional.empty(), List.of(), Optional.empty());

        String report = BlockerReport.render("DROP TABLE users", "was not run", List.of(waiting), DropPolicy.FAIL,
                Duration.ZERO, NOW, "pid", "");

        assertThat(report).contains("pid 8 is queued for AccessExclusiveLock on public.users: active; "
                + "it is itself waiting, behind pid 7");
    }

    @Test
    void noVisibleHolderIsSaidPlainly() {
        String report = BlockerReport.render("DROP TABLE users", "was not run", List.of(), DropPolicy.LOG,
                Duration.ofMillis(5_000), NOW, "pid", "");

        assertThat(report).contains("each attempt timed out on its locks, but no holder was visible");
    }

    @Test
    void anEngineNamesItsSessionsInItsOwnWordsAndSaysWhatItCouldNotSee() {
        LockHolder holder = new LockHolder(OptionalLong.of(12), Optional.empty(), "shop.orders", "SHARED_READ", true,
                false, Optional.of("Sleep"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("app"),
                Optional.empty(), Optional.of("localhost:40412"), Optional.empty(), OptionalLong.of(11),
                Optional.empty(), List.of(), Optional.empty());

        String report = BlockerReport.render("DROP TABLE orders", "was not run", List.of(holder), DropPolicy.FAIL,
                Duration.ZERO, NOW, "connection", "approximate: performance_schema is off");

        assertThat(report).contains("\n  Note: approximate: performance_schema is off.");
        assertThat(report).contains("connection 12 holds SHARED_READ on shop.orders: Sleep, user app, "
                + "client localhost:40412; it is itself waiting, behind connection 11");
    }

    @Test
    void connectionsWithoutASessionIdAreEachTheirOwnParagraph() {
        ConnectionOrigin origin = new ConnectionOrigin("tests", NOW.minusSeconds(5), "main", List.of(), false,
                Optional.of(NOW.minusSeconds(4)), List.of());
        LockHolder first = new LockHolder(OptionalLong.empty(), Optional.empty(), "app.db", "open transaction",
                true, false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.of(origin),
                List.of(), Optional.empty());
        LockHolder second = new LockHolder(OptionalLong.empty(), Optional.empty(), "app.db", "unfinished result set",
                true, false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.of(origin),
                List.of(), Optional.empty());

        String report = BlockerReport.render("DROP TABLE t", "was not run", List.of(first, second), DropPolicy.FAIL,
                Duration.ZERO, NOW, "pid", "");

        assertThat(report).contains("2 sessions hold or await locks it needs");
        assertThat(report).contains("\n  a connection holds open transaction on app.db");
        assertThat(report).contains("\n  a connection holds unfinished result set on app.db");
        assertThat(report).doesNotContain("pid -1");
    }
}
