package io.ddlguard.internal.parser;

import io.ddlguard.DdlParser;
import io.ddlguard.element.AddColumn;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DropTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Huge and deeply nested statements: each parses to the right elements, without a stack overflow and well within a
 * bound a quadratic scan of 10 MB could never meet (hours). The bounds are generous on purpose: the machine's clock
 * and load vary; the linear cost itself is measured by {@code ParserScalingBenchmark}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParserScaleTest {

    private static final int TEN_MB = 10 * 1024 * 1024;
    private static final int DEPTH = 100_000;

    private static String repeat(String s, int totalChars) {
        return s.repeat(Math.max(1, totalChars / s.length()));
    }

    @Test
    void aTenMegabyteStringLiteralIsOneCreateTable() {
        String sql = "CREATE TABLE t (a text DEFAULT '" + repeat("x''; DROP TABLE v; -- ", TEN_MB) + "', b int)";
        for (Dialect d : List.of(Dialect.POSTGRESQL, Dialect.H2, Dialect.SQLITE, Dialect.MSSQL, Dialect.ORACLE)) {
            List<DdlElement> elements = DdlParser.parse(sql, d);
            assertThat(elements).singleElement().isInstanceOfSatisfying(CreateTable.class,
                    c -> assertThat(c.columns()).hasSize(2));
        }
    }

    @Test
    void aTenMegabyteTableDefinitionKeepsEveryColumn() {
        StringBuilder sql = new StringBuilder("CREATE TABLE t (");
        int columns = 0;
        while (sql.length() < TEN_MB) {
            sql.append(columns == 0 ? "" : ", ").append("c").append(columns++).append(" varchar(20) NOT NULL DEFAULT 'x'");
        }
        sql.append(')');
        List<DdlElement> elements = DdlParser.parse(sql.toString(), Dialect.POSTGRESQL);
        int expected = columns;
        assertThat(elements).singleElement().isInstanceOfSatisfying(CreateTable.class,
                c -> assertThat(c.columns()).hasSize(expected));
    }

    @Test
    void tenMegabytesOfCommentsBeforeADropAreSkipped() {
        String sql = repeat("/* DROP TABLE x; ' \" */ -- ; DROP TABLE y\n", TEN_MB) + "DROP TABLE t";
        assertThat(DdlParser.mayBeDdl(sql, Dialect.MYSQL)).isTrue();
        assertThat(DdlParser.parse(sql, Dialect.MYSQL)).singleElement().isInstanceOf(DropTable.class);
    }

    @Test
    void tenMegabytesOfStatementsGiveOneElementEach() {
        String sql = repeat("DROP TABLE a;\n", TEN_MB);
        assertThat(DdlParser.parse(sql, Dialect.POSTGRESQL)).hasSize(TEN_MB / "DROP TABLE a;\n".length())
                .allMatch(e -> e instanceof DropTable);
        String alters = "ALTER TABLE t " + repeat("ADD COLUMN c int, ", TEN_MB) + "ADD COLUMN last int";
        assertThat(DdlParser.parse(alters, Dialect.POSTGRESQL)).hasSize(TEN_MB / "ADD COLUMN c int, ".length() + 1)
                .allMatch(e -> e instanceof AddColumn);
    }

    @Test
    void unterminatedTenMegabyteConstructsEndAtTheEndOfTheText() {
        String body = repeat("DROP TABLE t; $a$ $b ' \" ", TEN_MB);
        for (String open : List.of("SELECT '", "SELECT \"", "SELECT $a$", "SELECT /*", "SELECT q'[", "SELECT [")) {
            for (Dialect d : List.of(Dialect.POSTGRESQL, Dialect.ORACLE, Dialect.MSSQL)) {
                List<DdlElement> elements = DdlParser.parse(open + body, d);
                assertThat(elements).as("%s in %s", open, d).allMatch(e -> e.sql() != null);
            }
        }
        assertThat(DdlParser.parse("SELECT '" + body, Dialect.POSTGRESQL)).isEmpty();
        assertThat(DdlParser.parse("SELECT /*" + body, Dialect.POSTGRESQL)).isEmpty();
    }

    @Test
    void oneHundredThousandNestedParenthesesParseWithoutStackOverflow() {
        String check = "(".repeat(DEPTH) + "a > 0" + ")".repeat(DEPTH);
        String sql = "CREATE TABLE t (a int CHECK " + check + ", b int)";
        assertThat(DdlParser.parse(sql, Dialect.POSTGRESQL)).singleElement().isInstanceOfSatisfying(CreateTable.class,
                c -> assertThat(c.columns()).hasSize(2));
        String unbalanced = "ALTER TABLE t ADD CONSTRAINT c CHECK " + "(".repeat(DEPTH) + "; DROP TABLE u";
        assertThat(DdlParser.parse(unbalanced, Dialect.POSTGRESQL)).hasSize(2).last().isInstanceOf(DropTable.class);
    }

    @Test
    void oneHundredThousandNestedCommentsAndBlocksParseWithoutStackOverflow() {
        String comments = "/*".repeat(DEPTH) + " DROP TABLE x; " + "*/".repeat(DEPTH) + " DROP TABLE t";
        assertThat(DdlParser.parse(comments, Dialect.POSTGRESQL)).singleElement().isInstanceOf(DropTable.class);
        assertThat(DdlParser.parse(comments, Dialect.MSSQL)).singleElement().isInstanceOf(DropTable.class);
        String blocks = "CREATE PROCEDURE p() " + "BEGIN ".repeat(DEPTH) + "SELECT 1; " + "END; ".repeat(DEPTH - 1)
                + "END; DROP TABLE t";
        assertThat(DdlParser.parse(blocks, Dialect.MYSQL)).hasSize(2).last().isInstanceOf(DropTable.class);
        String cases = "CREATE TABLE t (a int DEFAULT " + "CASE WHEN 1 = 1 THEN ".repeat(DEPTH) + "1"
                + " END".repeat(DEPTH) + ", b int)";
        assertThat(DdlParser.parse(cases, Dialect.POSTGRESQL)).singleElement().isInstanceOf(CreateTable.class);
    }
}
