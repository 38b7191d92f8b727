package io.ddlguard.internal.parser;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.Keywords;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.SqlScript;
import io.ddlguard.dialect.SqlSecrets;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.internal.parser.SqlGrammar.Engine;
import io.ddlguard.internal.parser.SqlGrammar.Payload;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.List;
import java.util.stream.Stream;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import static io.ddlguard.internal.parser.SqlGrammar.pick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the parser, the lexer and the fast path with generated and mutated statements in every dialect. The
 * fast slice runs in the normal build; {@code -Dddlguard.fuzz.tries=N} runs every property N times (see
 * {@link FuzzTries}). Each generated case is built from a seed, so a failure reports a reproducible input.
 */
@AddLifecycleHook(FuzzTries.class)
class ParserFuzzTest {

    /** An input and the engine it is written for. */
    record Case(Engine engine, String sql, Payload payload, int statements) {
    }

    /**
     * A statement wrapped so that the payload {@code P} runs in the engines of {@code visible} and does not run in
     * those of {@code hidden}; engines in neither reject the text or are not known well enough to say.
     */
    record Trick(String name, Function<Engine, String> template, Set<Engine> visible, Set<Engine> hidden) {
    }

    private static final List<Trick> TRICKS = List.of(
            new Trick("nested comment closes once", e -> "SELECT 1 /* /* */ ; P; -- */",
                    Engine.allBut(Engine.POSTGRESQL, Engine.MSSQL, Engine.H2),
                    Set.of(Engine.POSTGRESQL, Engine.MSSQL, Engine.H2)),
            new Trick("nested comment closes twice", e -> "SELECT 1 /* /* */ '; */ ; P; -- '",
                    Set.of(Engine.POSTGRESQL, Engine.MSSQL, Engine.H2),
                    Engine.allBut(Engine.POSTGRESQL, Engine.MSSQL, Engine.H2)),
            new Trick("hash comment", e -> "SELECT 1 # ; P\n", Set.of(), Set.of(Engine.MYSQL, Engine.MARIADB)),
            new Trick("dash dash without space", e -> "SELECT 1 --1; P\n", Set.of(Engine.MYSQL, Engine.MARIADB),
                    Engine.allBut(Engine.MYSQL, Engine.MARIADB)),
            new Trick("carriage return ends a line comment", e -> "SELECT 1 -- x\r; P",
                    Set.of(Engine.POSTGRESQL, Engine.H2), Set.of(Engine.MYSQL, Engine.MARIADB, Engine.SQLITE)),
            new Trick("H2 slash-slash comment", e -> "SELECT 1 // '\n; P; -- '", Set.of(Engine.H2), Set.of()),
            new Trick("tagged dollar quote", e -> "SELECT $a$ ; P; $a$", Set.of(), Set.of(Engine.POSTGRESQL)),
            new Trick("empty dollar quote", e -> "SELECT $$ ; P; $$", Set.of(), Set.of(Engine.POSTGRESQL, Engine.H2)),
            new Trick("dollar tags differ in case", e -> "SELECT $a$ $A$; P; $a$", Set.of(), Set.of(Engine.POSTGRESQL)),
            new Trick("backslash before a quote", e -> "SELECT 'a\\' ; P; -- '",
                    Engine.allBut(Engine.MYSQL, Engine.MARIADB), Set.of(Engine.MYSQL, Engine.MARIADB)),
            new Trick("E string", e -> "SELECT E'a\\' ; P; -- '", Set.of(), Set.of(Engine.POSTGRESQL)),
            new Trick("backtick", e -> "SELECT `a ; P; `", Set.of(),
                    Set.of(Engine.MYSQL, Engine.MARIADB, Engine.SQLITE, Engine.H2)),
            new Trick("bracket", e -> "SELECT [a ; P; ]", Set.of(), Set.of(Engine.MSSQL, Engine.SQLITE)),
            new Trick("Oracle q quote", e -> "SELECT q'[a' ; P; ]' FROM dual", Set.of(), Set.of(Engine.ORACLE)),
            new Trick("double quote", e -> "SELECT \"a ; P; \"", Set.of(), Engine.all()),
            new Trick("block comment", e -> "SELECT 1 /* ; P; */", Set.of(), Engine.all()),
            new Trick("line comment", e -> "SELECT 1 -- ; P", Set.of(), Engine.all()),
            new Trick("string", e -> "SELECT 'x; P; --'", Set.of(), Engine.all()),
            new Trick("executable comment", e -> "SELECT 1 /*! ; P */", Set.of(Engine.MYSQL, Engine.MARIADB),
                    Engine.allBut(Engine.MYSQL, Engine.MARIADB)),
            new Trick("routine named begin", e -> e == Engine.POSTGRESQL
                    ? "CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1; P"
                    : "CREATE PROCEDURE begin() SELECT 1; P",
                    Set.of(Engine.POSTGRESQL, Engine.MYSQL, Engine.MARIADB), Set.of()),
            new Trick("table named begin", e -> e == Engine.POSTGRESQL
                    ? "CREATE TRIGGER tr AFTER INSERT ON begin FOR EACH ROW EXECUTE FUNCTION f(); P"
                    : "CREATE TRIGGER tr AFTER INSERT ON begin FOR EACH ROW SET @a = 1; P",
                    Set.of(Engine.POSTGRESQL, Engine.MYSQL, Engine.MARIADB), Set.of()),
            new Trick("GO line", e -> "SELECT 1\nGO\nP", Set.of(Engine.MSSQL), Set.of()),
            new Trick("slash line", e -> "SELECT 1 FROM dual\n/\nP", Set.of(Engine.ORACLE), Set.of()),
            new Trick("no-break space after ;", e -> "SELECT 1;\u00a0P", Set.of(Engine.H2), Set.of()),
            new Trick("em space after ;", e -> "SELECT 1;\u2003P", Set.of(Engine.H2), Set.of()));

    /** ParserPropertiesTest's seeds and more: the statements the mutators start from. */
    private static final List<String> CORPUS = Stream.concat(ParserPropertiesTest.SEEDS.stream(), Stream.of(
            "ALTER TABLE s.t ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES u (x, y) ON UPDATE SET NULL NOT VALID",
            "CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW BEGIN UPDATE u SET n = n + 1; END",
            "DROP INDEX CONCURRENTLY IF EXISTS ix; DROP SEQUENCE s; DROP SCHEMA x CASCADE; DROP VIEW v",
            "ALTER TABLE t RENAME COLUMN a TO b; ALTER TABLE t RENAME TO u; COMMENT ON TABLE t IS 'x'",
            "CREATE TABLE t (a int CHECK (a > (SELECT max(b) FROM u WHERE c = CASE WHEN d THEN 1 END)))",
            "CREATE ALIAS f AS $$ String f() { return \";\"; } $$; CREATE SEQUENCE s START WITH 1",
            "DECLARE x NUMBER; BEGIN EXECUTE IMMEDIATE 'DROP TABLE t'; END;\n/\nDROP TABLE u",
            "CREATE TABLE t (a int) /*!50100 PARTITION BY HASH (a) */; ALTER TABLE t ENGINE = InnoDB")).toList();

    private static final List<String> FRAGMENTS = List.of("'", "\"", "`", "[", "]", "(", ")", ";", "$$", "$a$", "$A$",
            "/*", "*/", "/* /* */", "--", "-- ", "#", "//", "\n", "\r", "\r\n", "\0", "\\", "E'", "N'", "q'[", "]'",
            "/*!", "/*M!", "BEGIN", "END", "CASE", "ATOMIC", "\nGO\n", "\n/\n", "DROP", "TABLE", "CREATE", "ALTER",
            "IF EXISTS", "CASCADE", ",", ".", "\uFF07", "\u2019", "\u037E", "\u00A0", "\u2003", "\uFEFF",
            "\uD83D\uDE00", "\uD800", "\uDC00", "\u0000DROP", ":", "::", "@", "?", "$1");

    @Property(tries = 2000)
    void disguisedDdlIsFoundInEveryDialect(@ForAll("disguisedDdl") Case c) {
        List<DdlElement> elements = DdlParser.parse(c.sql(), c.engine().dialect);
        assertThat(elements).as("elements of %s", c).hasSize(1);
        assertFound(elements, c.payload(), c);
        assertThat(DdlParser.mayBeDdl(c.sql(), c.engine().dialect)).as("mayBeDdl of %s", c).isTrue();
        assertThat(SqlScript.statements(c.sql(), c.engine().dialect)).as("statements of %s", c).hasSize(c.statements());
    }

    @Property(tries = 2000)
    void ddlInsideLiteralsQuotedNamesAndCommentsIsNotDdl(@ForAll("hiddenDdl") Case c) {
        assertThat(DdlParser.parse(c.sql(), c.engine().dialect)).as("elements of %s", c).isEmpty();
        assertThat(SqlScript.statements(c.sql(), c.engine().dialect)).as("statements of %s", c).hasSize(c.statements());
    }

    @Property(tries = 2000)
    void tricksHideOrRevealDdlAsTheEngineDoes(@ForAll("tricks") Trick trick, @ForAll("engines") Engine engine,
                                              @ForAll("payloads") Payload payload) {
        String sql = trick.template().apply(engine).replace("P", payload.sql());
        List<DdlElement> elements = DdlParser.parse(sql, engine.dialect);
        boolean seen = elements.stream().anyMatch(e -> matches(e, payload));
        if (trick.visible().contains(engine)) {
            assertThat(seen).as("%s in %s: %s -> %s", trick.name(), engine, sql, elements).isTrue();
            assertThat(DdlParser.mayBeDdl(sql, engine.dialect)).as("mayBeDdl of %s", sql).isTrue();
        }
        if (trick.hidden().contains(engine)) {
            assertThat(seen).as("%s in %s: %s -> %s", trick.name(), engine, sql, elements).isFalse();
        }
    }

    @Property(tries = 2000)
    void theFastPathNeverMissesDdlTheLexerFinds(@ForAll("mutated") Case c) {
        DialectRules rules = DialectRules.of(c.engine().dialect);
        if (!StatementParser.mayBeDdl(c.sql(), rules)) {
            Tokens tokens = SqlLexer.tokenize(c.sql(), rules);
            for (int s = 0; s < tokens.statementCount(); s++) {
                int first = tokens.statementFirstToken(s);
                if (first < tokens.statementEndToken(s)) {
                    assertThat(Keywords.ddlAction(tokens, first, rules)).as("statement %d of %s", s, c).isNull();
                }
            }
        }
    }

    @Property(tries = 2000)
    void mutatedStatementsNeverBreakTheParserOrTheSplitter(@ForAll("mutated") Case c) {
        List<DdlElement> elements = DdlParser.parse(c.sql(), c.engine().dialect);
        for (DdlElement e : elements) {
            assertThat(e.sql()).isNotNull();
            assertThat(e.names()).doesNotContainNull();
            assertThat(e.action()).isNotNull();
            assertThat(e.objectKind()).isNotNull();
            assertThat(e.table()).isNotNull();
        }
        assertThat(DdlParser.parse(c.sql(), c.engine().dialect)).as("parsing twice").isEqualTo(elements);
        assertThat(String.join("", SqlScript.split(c.sql(), c.engine().dialect))).isEqualTo(c.sql());
        assertThat(SqlScript.statements(c.sql(), c.engine().dialect)).doesNotContainNull();
    }

    @Property(tries = 2000)
    void maskingSecretsNeverThrowsAndMasksEveryLiteralTheLexerFinds(@ForAll("mutated") Case c) {
        DialectRules rules = DialectRules.of(c.engine().dialect);
        String sql = c.sql() + "\nALTER USER app PASSWORD 'fuzz-s3cr3t'";

        String masked = SqlSecrets.redact(sql, rules);

        Tokens tokens = SqlLexer.tokenize(sql, rules);
        int last = tokens.size() - 1;
        // the appended literal is a string unless the mutated text left it inside a comment or a quoted name
        if (last >= 0 && tokens.kind(last) == Tokens.STRING && tokens.text(last).contains("fuzz-s3cr3t")) {
            assertThat(masked).as("%s", c).doesNotContain("fuzz-s3cr3t");
        }
        assertThat(masked).isNotNull();
    }

    private static void assertFound(List<DdlElement> elements, Payload payload, Object context) {
        assertThat(elements).as("%s", context).anySatisfy(e -> assertThat(matches(e, payload))
                .as("%s is a %s of %s", e, payload.type().getSimpleName(), payload.name()).isTrue());
    }

    private static boolean matches(DdlElement e, Payload payload) {
        if (!payload.type().isInstance(e)) {
            return false;
        }
        Identifier name = e.objectKind() == io.ddlguard.element.ObjectKind.COLUMN
                ? e.table().map(QualifiedName::name).orElse(null)
                : e.names().isEmpty() ? null : e.names().get(0).name();
        return payload.name().equals(name);
    }

    @Provide
    Arbitrary<Engine> engines() {
        return Arbitraries.of(Engine.class);
    }

    @Provide
    Arbitrary<Trick> tricks() {
        return Arbitraries.of(TRICKS);
    }

    @Provide
    Arbitrary<Payload> payloads() {
        return Arbitraries.randomValue(r -> SqlGrammar.payload(r, Engine.GENERIC, false, false));
    }

    /** DDL with hostile names and comments between its words, among DML statements with hostile literals. */
    @Provide
    Arbitrary<Case> disguisedDdl() {
        return Arbitraries.randomValue(r -> {
            Engine e = pick(r, List.of(Engine.values()));
            Payload p = SqlGrammar.payload(r, e, r.nextBoolean(), true);
            StringBuilder sql = new StringBuilder(SqlGrammar.padding(r, e));
            int before = r.nextInt(3);
            int after = r.nextInt(3);
            for (int i = 0; i < before; i++) {
                sql.append(SqlGrammar.dml(r, e)).append(';').append(SqlGrammar.separator(r, e));
            }
            sql.append(p.sql());
            for (int i = 0; i < after; i++) {
                sql.append(';').append(SqlGrammar.separator(r, e)).append(SqlGrammar.dml(r, e));
            }
            sql.append(r.nextBoolean() ? ";" : "").append(SqlGrammar.padding(r, e));
            return new Case(e, sql.toString(), p, before + 1 + after);
        });
    }

    /** DML statements whose only DDL text is inside literals, quoted names and comments. */
    @Provide
    Arbitrary<Case> hiddenDdl() {
        return Arbitraries.randomValue(r -> {
            Engine e = pick(r, List.of(Engine.values()));
            int count = 1 + r.nextInt(3);
            StringBuilder sql = new StringBuilder(SqlGrammar.padding(r, e));
            for (int i = 0; i < count; i++) {
                sql.append(i == 0 ? "" : ";" + SqlGrammar.separator(r, e)).append(SqlGrammar.dml(r, e));
            }
            sql.append(SqlGrammar.padding(r, e));
            return new Case(e, sql.toString(), null, count);
        });
    }

    /** Corpus statements and generated ones, cut, spliced and sprinkled with quotes, comments and odd characters. */
    @Provide
    Arbitrary<Case> mutated() {
        return Arbitraries.randomValue(r -> {
            Engine e = pick(r, List.of(Engine.values()));
            String sql = switch (r.nextInt(4)) {
                case 0 -> SqlGrammar.payload(r, e, r.nextBoolean(), true).sql();
                case 1 -> SqlGrammar.dml(r, e);
                default -> pick(r, CORPUS);
            };
            int edits = 1 + r.nextInt(8);
            for (int i = 0; i < edits; i++) {
                sql = mutate(r, e, sql);
            }
            return new Case(e, sql, null, -1);
        });
    }

    private static String mutate(Random r, Engine e, String sql) {
        int at = sql.isEmpty() ? 0 : r.nextInt(sql.length() + 1);
        int to = Math.min(sql.length(), at + r.nextInt(20));
        return switch (r.nextInt(7)) {
            case 0, 1 -> sql.substring(0, at) + pick(r, FRAGMENTS) + sql.substring(at);
            case 2 -> sql.substring(0, at) + sql.substring(to);
            case 3 -> sql.substring(0, to) + sql.substring(at, to) + sql.substring(to);
            case 4 -> {
                String other = pick(r, CORPUS);
                int from = r.nextInt(other.length());
                yield sql.substring(0, at) + other.substring(from, Math.min(other.length(), from + r.nextInt(40)))
                        + sql.substring(at);
            }
            case 5 -> sql.substring(0, at) + SqlGrammar.separator(r, e) + sql.substring(at);
            default -> sql.substring(0, at) + SqlGrammar.payload(r, e, r.nextBoolean(), r.nextBoolean()).sql() + ";"
                    + sql.substring(at);
        };
    }
}
