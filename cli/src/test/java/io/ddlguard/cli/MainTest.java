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
    void theDemoRunsToTheEndAndShowsTheVeto() throws Exception {
        assertThat(run("demo")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("[listener] after create: table users", "SQLState 23514", "refused by a listener: SQLState DG001",
                        "audit_log is still there", "Demo finished.");
    }
}
