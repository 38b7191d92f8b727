package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptTest {

    private static List<String> statements(String dialect, String sql) {
        return SqlScript.statements(sql, Dialect.of(dialect));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        postgresql | SELECT 'a;b'; SELECT 2                                   | 2
        postgresql | SELECT $$;$$; SELECT $tag$ $$ ; $tag$                    | 2
        postgresql | SELECT E'\\';'; SELECT 2                                 | 2
        postgresql | /* a /* nested ; */ still ; */ SELECT 1                  | 1
        postgresql | SELECT "a;b" FROM t; SELECT 2                            | 2
        postgresql | SELECT $1; SELECT 2                                      | 2
        mysql      | SELECT 'a\\';b'; SELECT 2                                | 2
        mysql      | SELECT "a;b"; SELECT `c;d`                               | 2
        sqlite     | SELECT [a;b], `c;d` FROM t; SELECT 2                     | 2
        mssql      | SELECT [a;b] FROM t; SELECT 2                            | 2
        oracle     | SELECT q'[a;b]' FROM dual; SELECT 2 FROM dual            | 2
        h2         | CREATE ALIAS f AS $$ String f() { return ";"; } $$; SELECT 1 | 2
        """)
    void splitsOnlyWhereTheDialectEndsAStatement(String dialect, String sql, int count) {
        assertThat(statements(dialect, sql.replace("\\n", "\n"))).hasSize(count);
    }

    /** Each case was a statement the engine runs but the lexer had hidden inside a comment, string or block. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        postgresql | SELECT 1 -- a carriage return ends a line comment\\r; DROP TABLE t
        h2         | SELECT 1 -- a carriage return ends a line comment\\r; DROP TABLE t
        h2         | SELECT 1 // a line comment in H2 '\\n; DROP TABLE t; -- '
        h2         | SELECT 1 /* block comments /* nest */ in H2 ' */ ; DROP TABLE t; -- '
        h2         | SELECT `'` FROM u; DROP TABLE t; -- '
        h2         | SELECT 1;\\u00a0DROP TABLE t
        postgresql | SELECT 1;\\u2003DROP TABLE t
        postgresql | CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1; DROP TABLE t
        postgresql | CREATE TRIGGER tr AFTER INSERT ON begin FOR EACH ROW EXECUTE FUNCTION f(); DROP TABLE t
        mysql      | CREATE PROCEDURE begin() SELECT 1; DROP TABLE t
        mariadb    | CREATE TRIGGER tr AFTER INSERT ON begin FOR EACH ROW SET @a = 1; DROP TABLE t
        sqlite     | CREATE TRIGGER tr AFTER INSERT ON begin BEGIN SELECT 1; END; DROP TABLE t
        """)
    void aStatementAfterATrickIsStillAStatement(String dialect, String sql) {
        String text = sql.replace("\\r", "\r").replace("\\n", "\n").replace("\\u00a0", "\u00a0")
                .replace("\\u2003", "\u2003");
        assertThat(statements(dialect, text)).last().isEqualTo("DROP TABLE t");
    }

    @Test
    void mysqlCommentsFollowMysqlRules() {
        assertThat(statements("mysql", "SELECT 1 # ; comment\n; SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
        assertThat(statements("mysql", "SELECT 1 --; not a comment in MySQL")).hasSize(2);
        assertThat(statements("mysql", "SELECT 1 -- ; a comment\n")).containsExactly("SELECT 1");
    }

    @Nested
    class RoutineBodies {
        @Test
        void mysqlProcedureBodiesStayWhole() {
            String proc = "CREATE PROCEDURE p() BEGIN DECLARE x INT; IF x THEN SELECT 1; END IF; "
                    + "SET x = CASE WHEN 1 THEN 2 ELSE 3 END; CASE x WHEN 1 THEN SELECT 1; END CASE; END";
            assertThat(statements("mariadb", proc + "; DROP TABLE t")).containsExactly(proc, "DROP TABLE t");
        }

        @Test
        void sqliteTriggerBodiesStayWhole() {
            String trigger = "CREATE TRIGGER trg AFTER INSERT ON t BEGIN UPDATE u SET n = n + 1; DELETE FROM v; END";
            assertThat(statements("sqlite", trigger + ";\nDROP TABLE t;")).containsExactly(trigger, "DROP TABLE t");
        }

        @Test
        void postgresqlAtomicBodiesStayWhole() {
            String fn = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END";
            assertThat(statements("postgresql", fn + "; DROP TABLE t")).containsExactly(fn, "DROP TABLE t");
        }

        @Test
        void sqlServerBatchesEndAtGo() {
            String proc = "CREATE PROCEDURE p AS BEGIN SELECT 1; DELETE FROM t; END";
            assertThat(statements("mssql", proc + "\nGO\nDROP TABLE t\ngo 2\n")).containsExactly(proc, "DROP TABLE t");
        }

        @Test
        void oraclePlsqlEndsAtASlashLine() {
            String proc = "CREATE OR REPLACE PROCEDURE p IS BEGIN NULL; END;";
            assertThat(statements("oracle", proc + "\n/\nDROP TABLE t")).containsExactly(proc, "DROP TABLE t");
        }

        @Test
        void aSlashInsideAnExpressionIsNotASeparator() {
            assertThat(statements("oracle", "SELECT 4\n/ 2 FROM dual")).hasSize(1);
        }
    }

    @Test
    void piecesJoinedAreTheOriginalText() {
        String sql = "  -- lead\nCREATE TABLE a (x int);\n/* between */ DROP TABLE b ;  -- trail\n";
        List<String> pieces = SqlScript.split(sql, Dialect.POSTGRESQL);
        assertThat(pieces).hasSize(2);
        assertThat(String.join("", pieces)).isEqualTo(sql);
    }

    @Test
    void unterminatedQuotesAndCommentsRunToTheEndWithoutFailing() {
        for (String sql : List.of("SELECT 'abc", "SELECT \"abc", "/* abc", "SELECT $$ abc", "SELECT `abc", "SELECT [abc")) {
            for (Dialect d : List.of(Dialect.POSTGRESQL, Dialect.MYSQL, Dialect.SQLITE, Dialect.MSSQL)) {
                assertThat(String.join("", SqlScript.split(sql, d))).isEqualTo(sql);
            }
        }
    }

    @Test
    void emptyTextHasNoStatements() {
        assertThat(SqlScript.split("", Dialect.POSTGRESQL)).isEmpty();
        assertThat(SqlScript.statements("  ;; -- x", Dialect.POSTGRESQL)).isEmpty();
    }

    @Test
    void aLongTextLexesInLinearTime() {
        String big = "INSERT INTO t VALUES ('x;y', \"q\", $$z$$); ".repeat(200_000);
        long start = System.nanoTime();
        assertThat(SqlScript.statements(big, Dialect.POSTGRESQL)).hasSize(200_000);
        assertThat(System.nanoTime() - start).as("nanoseconds for ~8 MB").isLessThan(20_000_000_000L);
    }
}
