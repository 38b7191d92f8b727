package io.ddlguard.internal.parser;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.SqlScript;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DropTable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Property-based checks of the parser's promises over random and mutated SQL; see {@link FuzzTries} for the long run. */
@AddLifecycleHook(FuzzTries.class)
class ParserPropertiesTest {

    private static final List<Dialect> DIALECTS = List.of(Dialect.POSTGRESQL, Dialect.MYSQL, Dialect.MARIADB, Dialect.H2,
            Dialect.SQLITE, Dialect.ORACLE, Dialect.MSSQL, Dialect.GENERIC);

    static final List<String> SEEDS = List.of(
            "CREATE TABLE \"a\".b (id int PRIMARY KEY, c text DEFAULT 'x''y' REFERENCES p(id) ON DELETE CASCADE)",
            "ALTER TABLE t ADD COLUMN c int, DROP COLUMN d CASCADE, ALTER e TYPE text USING e::text",
            "DROP TABLE IF EXISTS a, b CASCADE; /* c /* n */ */ TRUNCATE t RESTART IDENTITY",
            "CREATE FUNCTION f() RETURNS int AS $x$ BEGIN RETURN 1; END $x$ LANGUAGE plpgsql",
            "CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; END; DROP DATABASE d",
            "CREATE TABLE `t` (`a` int) ENGINE=InnoDB COMMENT='a\\'b' # c\n; RENAME TABLE a TO b",
            "CREATE TABLE [dbo].[t] ([a] int)\nGO\nEXEC sp_rename 'dbo.t.a', 'b', 'COLUMN'",
            "SELECT q'[x;y]' FROM dual;\n/\nCREATE OR REPLACE VIEW v AS SELECT 1",
            "SELECT * FROM t WHERE a = ? AND b = $1 AND c = 'DROP TABLE x' -- DROP TABLE y",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON ONLY s.t USING btree (lower(a), b DESC)");

    @Property(tries = 3000)
    void parseNeverThrowsOnAnyText(@ForAll("sqlish") String sql, @ForAll("dialects") Dialect dialect) {
        List<DdlElement> elements = DdlParser.parse(sql, dialect);
        assertThat(elements).doesNotContainNull();
    }

    @Property(tries = 3000)
    void parseNeverThrowsOnMutatedDdl(@ForAll("mutated") String sql, @ForAll("dialects") Dialect dialect) {
        assertThat(DdlParser.parse(sql, dialect)).doesNotContainNull();
    }

    @Property(tries = 3000)
    void splittingThenJoiningKeepsEveryCharacter(@ForAll("anyText") String sql, @ForAll("dialects") Dialect dialect) {
        assertThat(String.join("", SqlScript.split(sql, dialect))).isEqualTo(sql);
    }

    @Property(tries = 2000)
    void splittingMutatedScriptsKeepsEveryCharacter(@ForAll("mutated") String sql, @ForAll("dialects") Dialect dialect) {
        assertThat(String.join("", SqlScript.split(sql, dialect))).isEqualTo(sql);
    }

    @Property(tries = 3000)
    void dmlIsNeverDdl(@ForAll("dml") String sql, @ForAll("dialects") Dialect dialect) {
        assertThat(DdlParser.parse(sql, dialect)).isEmpty();
    }

    @Property(tries = 2000)
    void ddlBehindCommentsIsStillFound(@ForAll("leadingComment") String comment, @ForAll("portable") Dialect dialect) {
        List<DdlElement> elements = DdlParser.parse(comment + "DROP TABLE t", dialect);
        assertThat(elements).singleElement().isInstanceOf(DropTable.class);
        assertThat(DdlParser.mayBeDdl(comment + "DROP TABLE t", dialect)).isTrue();
    }

    @Provide
    Arbitrary<Dialect> dialects() {
        return Arbitraries.of(DIALECTS);
    }

    @Provide
    Arbitrary<Dialect> portable() {
        return Arbitraries.of(Dialect.POSTGRESQL, Dialect.MYSQL, Dialect.H2, Dialect.SQLITE, Dialect.ORACLE, Dialect.MSSQL);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> sqlish() {
        Arbitrary<String> pieces = Arbitraries.of("CREATE", "DROP", "ALTER", "TABLE", "INDEX", "VIEW", "IF", "EXISTS",
                "NOT", "ON", "(", ")", ",", ";", ".", "'", "\"", "`", "[", "]", "$$", "$a$", "/*", "*/", "--", "#", "\n",
                "GO", "/", "BEGIN", "END", "CASE", "ADD", "COLUMN", "CONSTRAINT", "REFERENCES", "t", "x", "1", " ",
                "q'[", "E'\\'", "PRIMARY", "KEY", "FOREIGN", "RENAME", "TO", "TRUNCATE", "EXEC", "sp_rename", "*");
        return pieces.list().ofMaxSize(40).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        return Combinators.combine(seed, Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 40),
                Arbitraries.of("", "'", "\"", "(", ")", ";", "$$", "/*", "*/", "--", "\n", "`", "[", "]", "\\", "#", "END"))
                .as((s, at, cut, insert) -> {
                    int i = Math.min(at, s.length());
                    int j = Math.min(s.length(), i + cut);
                    return s.substring(0, i) + insert + s.substring(j);
                });
    }

    @Provide
    Arbitrary<String> dml() {
        Arbitrary<String> ident = Arbitraries.of("users", "t", "drop", "create", "\"DROP TABLE x\"", "alter_log", "truncated");
        Arbitrary<String> literal = Arbitraries.of("'DROP TABLE t'", "1", "'a;b'", "'it''s; DROP TABLE x'", "NULL");
        Arbitrary<String> comment = Arbitraries.of("", "/* DROP TABLE t */ ", "-- ALTER TABLE t\n", "/* ; DROP */");
        return Combinators.combine(Arbitraries.of("SELECT * FROM %s WHERE a = %s", "INSERT INTO %s VALUES (%s)",
                        "UPDATE %s SET a = %s", "DELETE FROM %s WHERE b = %s", "WITH c AS (SELECT %s) SELECT %s",
                        "SELECT %s, %s; SELECT 1", "CALL %s(%s)"), ident, literal, comment)
                .as((template, id, lit, c) -> c + String.format(template, id, lit));
    }

    @Provide
    Arbitrary<String> leadingComment() {
        return Arbitraries.of("", " ", "\n\t", "/* x */", "/* DROP VIEW v; */ ", "-- drop view v;\n", "/**/", "/* ' \" ` */\n",
                "-- ; DROP INDEX i\n");
    }
}
