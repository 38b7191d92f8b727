package io.ddlguard.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void parsePrintsOneLinePerElement() throws Exception {
        assertThat(run("parse", "DROP TABLE a, b; ALTER TABLE t ADD c int")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("DropTable", "a, b", "AddColumn", "on t");
    }

    @Test
    void parseTakesADialect() throws Exception {
        assertThat(run("parse", "--dialect", "mysql", "DROP INDEX ix ON t")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("DropIndex", "ix", "on t");
    }

    @Test
    void parseSaysWhenThereIsNoDdl() throws Exception {
        assertThat(run("parse", "SELECT 1")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("(no DDL)");
    }

    @Test
    void anUnknownCommandIsAUsageError() throws Exception {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'", "usage:");
    }

    @Test
    void theDemoShowsTheHangTheReportTheWaitAndTheVetoAndEndsOnItsOwn() throws Exception {
        long started = System.nanoTime();
        assertThat(run("demo")).isZero();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(seconds).as("demo duration in seconds").isLessThan(60);
        assertThat(text).contains(
                // 1. the hang: the DROP waits on the reader, a later SELECT waits on the DROP, the timeout ends it
                "DROP TABLE orders: waiting for AccessExclusiveLock, pg_blocking_pids = {",
                "SELECT count(*) FROM orders: waiting for AccessShareLock, pg_blocking_pids = {",
                "(B, the DROP)", "B  cut off after 3.", "SQLState 57014",
                // 2. the guard's report names the holder, its state, its query and the demo line that borrowed it
                "DropBlockedException (SQLState 55P03)",
                "DROP TABLE orders was not run: 1 session holds or awaits locks it needs (policy FAIL",
                "holds AccessShareLock on public.orders: idle in transaction", "last query: SELECT * FROM orders",
                "at io.ddlguard.cli.Demo.openReader(Demo.java:",
                // 3. WAIT
                "B  DROP TABLE orders succeeded after",
                // 4. listeners and the veto
                "[listener] after create: table users", "SQLState 23514", "refused by a listener: SQLState DG001",
                "audit_log is still there", "Demo finished.");
        assertThat(text).doesNotContain("unexpected");
    }
}
