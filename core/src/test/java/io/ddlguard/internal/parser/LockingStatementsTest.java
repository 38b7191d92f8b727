package io.ddlguard.internal.parser;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.Action;
import io.ddlguard.element.AddColumn;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.UnrecognizedDdl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ddlguard.internal.parser.DdlParserTest.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Statements that are not DDL but take locks other sessions can hold: the guard bounds them ({@link
 * ParsedText#guarded()}), listeners never hear them ({@link ParsedText#elements()}), and the DDL written in a
 * {@code DO} block's body is read for the guard's pre-check.
 */
class LockingStatementsTest {

    private static ParsedText read(String sql, Dialect dialect) {
        return StatementParser.read(sql, DialectRules.of(dialect), Integer.MAX_VALUE);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        postgresql | VACUUM FULL t                                  | UnrecognizedDdl ALTER TABLE t
        postgresql | vacuum (full, analyze) s.t (a, b), u           | UnrecognizedDdl ALTER TABLE s.t,u
        postgresql | VACUUM                                         | UnrecognizedDdl ALTER TABLE
        postgresql | ANALYZE VERBOSE t                              | UnrecognizedDdl ALTER TABLE t
        postgresql | CLUSTER t USING t_pkey                         | UnrecognizedDdl ALTER TABLE t
        postgresql | CLUSTER t_pkey ON t                            | UnrecognizedDdl ALTER TABLE t
        postgresql | LOCK TABLE ONLY a, b IN SHARE MODE NOWAIT      | UnrecognizedDdl ALTER TABLE a,b
        postgresql | lock t                                         | UnrecognizedDdl ALTER TABLE t
        mariadb    | OPTIMIZE TABLE a, b                            | UnrecognizedDdl ALTER TABLE a,b
        mariadb    | ANALYZE NO_WRITE_TO_BINLOG TABLE t             | UnrecognizedDdl ALTER TABLE t
        mysql      | REPAIR LOCAL TABLE t QUICK                     | UnrecognizedDdl ALTER TABLE t
        mysql      | LOCK TABLES a READ, db.b AS x WRITE            | UnrecognizedDdl ALTER TABLE a,db.b
        """)
    void isGuardedAndHeardByNoListener(String dialect, String sql, String guarded) {
        ParsedText text = read(sql, Dialect.of(dialect));

        assertThat(describe(text.guarded()).strip()).isEqualTo(guarded);
        assertThat(text.elements()).isEmpty();
        assertThat(DdlParser.parse(sql, Dialect.of(dialect))).as("the public parser reads DDL only").isEmpty();
        assertThat(DdlParser.mayBeDdl(sql, Dialect.of(dialect))).as("the fast path lets it through").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ANALYZE SELECT * FROM t", "ANALYZE FORMAT=JSON SELECT 1"})
    void mariaDbsAnalyzeOfAQueryIsNotGuarded(String sql) {
        assertThat(read(sql, Dialect.MARIADB).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"VACUUM t", "DO $$ BEGIN END $$", "CLUSTER t"})
    void enginesWithoutSuchStatementsPassThem(String sql) {
        assertThat(read(sql, Dialect.H2).isEmpty()).isTrue();
        assertThat(read(sql, Dialect.SQLITE).isEmpty()).isTrue();
    }

    @Test
    void aDoBlockIsGuardedWithTheDdlOfItsBody() {
        ParsedText text = read("""
                DO $body$
                DECLARE n int;
                BEGIN
                  ALTER TABLE t ADD COLUMN x int;
                  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'u') THEN CREATE INDEX ON u (a); END IF;
                  PERFORM 1;
                END $body$""", Dialect.POSTGRESQL);

        assertThat(text.elements()).as("a DO block fires no events: its body may not run").isEmpty();
        assertThat(describe(text.guarded()))
                .isEqualTo("UnrecognizedDdl ALTER OTHER  ; AddColumn ALTER COLUMN x on t ; CreateIndex CREATE INDEX  on u");
        assertThat(text.guarded().get(1)).isInstanceOfSatisfying(AddColumn.class,
                a -> assertThat(a.sql()).isEqualTo("ALTER TABLE t ADD COLUMN x int"));
    }

    @Test
    void aDoBlockWhoseDdlIsExecutedDynamicallyIsGuardedWithoutNames() {
        ParsedText text = read("DO LANGUAGE plpgsql 'BEGIN EXECUTE ''ALTER TABLE t ADD x int''; END'",
                Dialect.POSTGRESQL);

        assertThat(text.guarded()).singleElement().isInstanceOfSatisfying(UnrecognizedDdl.class, d -> {
            assertThat(d.names()).isEmpty();
            assertThat(d.objectKind()).isEqualTo(ObjectKind.OTHER);
        });
    }

    @Test
    void aDoBlockInAnotherLanguageIsGuardedButNotRead() {
        ParsedText text = read("DO $$ DROP TABLE t $$ LANGUAGE plperl", Dialect.POSTGRESQL);

        assertThat(text.guarded()).singleElement().isInstanceOf(UnrecognizedDdl.class);
    }

    @Test
    void ddlAndLockingStatementsOfOneTextAreAllGuardedInOrder() {
        ParsedText text = read("LOCK TABLE a IN SHARE MODE; DROP TABLE b; SELECT 1", Dialect.POSTGRESQL);

        assertThat(describe(text.guarded())).isEqualTo("UnrecognizedDdl ALTER TABLE a ; DropTable DROP TABLE b");
        assertThat(describe(text.elements())).isEqualTo("DropTable DROP TABLE b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE FROM t", "LOCKED", "vacuumed", "DOUBLE", "SELECT 1; DELETE FROM do_it",
            "CALL do_it()", "analyze_me()"})
    void lookAlikesAreNotGuarded(String sql) {
        assertThat(read(sql, Dialect.POSTGRESQL).isEmpty()).isTrue();
    }

    @Test
    void aReaderFailureIsReadAsUnrecognizedDdlAndCounted() {
        long before = StatementParser.readerFailures();

        UnrecognizedDdl read = StatementParser.failedRead("ALTER ROLE app PASSWORD 'hunter2'", Action.ALTER,
                DialectRules.of(Dialect.POSTGRESQL), new IllegalStateException("a reader bug"), false);

        assertThat(read.sql()).isEqualTo("ALTER ROLE app PASSWORD 'hunter2'");
        assertThat(read.action()).isEqualTo(Action.ALTER);
        assertThat(StatementParser.readerFailures()).isEqualTo(before + 1);
    }

    @Test
    void inStrictModeAReaderFailureIsRethrown() {
        IllegalStateException bug = new IllegalStateException("a reader bug");

        assertThatThrownBy(() -> StatementParser.failedRead("DROP TABLE t", Action.DROP,
                DialectRules.of(Dialect.POSTGRESQL), bug, true)).isSameAs(bug);
    }

    @Test
    void theBuildRunsTheParsersTestsInStrictMode() {
        assertThat(StatementParser.STRICT).as("-Dddlguard.parser.strict=true from the parent pom's surefire").isTrue();
    }
}
