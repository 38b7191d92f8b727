package io.ddlguard.internal.parser;

import io.ddlguard.DdlParser;
import io.ddlguard.element.AddColumn;
import io.ddlguard.element.AlterColumn;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DropTable;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.TruncateTable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DdlParserTest {

    /** One line per element: {@code Type ACTION KIND names [on table]}. */
    static String describe(List<DdlElement> elements) {
        return elements.stream().map(e -> e.getClass().getSimpleName() + " " + e.action() + " " + e.objectKind() + " "
                + e.names().stream().map(QualifiedName::toString).collect(Collectors.joining(","))
                + e.table().map(t -> " on " + t).orElse("")).collect(Collectors.joining(" ; "));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        postgresql | CREATE TABLE users (id int)                                      | CreateTable CREATE TABLE users
        postgresql | create temp table if not exists "Mixed"."Case" (a int)           | CreateTable CREATE TABLE "Mixed"."Case"
        postgresql | DROP TABLE a, b                                                  | DropTable DROP TABLE a,b
        postgresql | DROP TABLE IF EXISTS public.a CASCADE                            | DropTable DROP TABLE public.a
        postgresql | DROP INDEX CONCURRENTLY IF EXISTS ix                             | DropIndex DROP INDEX ix
        postgresql | CREATE INDEX ON t (a)                                            | CreateIndex CREATE INDEX  on t
        postgresql | CREATE UNIQUE INDEX CONCURRENTLY ix ON s.t USING gin (a)         | CreateIndex CREATE INDEX ix on s.t
        postgresql | CREATE OR REPLACE VIEW v AS SELECT 1                             | CreateView CREATE VIEW v
        postgresql | CREATE MATERIALIZED VIEW mv AS SELECT 1 WITH NO DATA             | CreateView CREATE MATERIALIZED_VIEW mv
        postgresql | DROP MATERIALIZED VIEW IF EXISTS mv, mv2                         | DropView DROP MATERIALIZED_VIEW mv,mv2
        postgresql | CREATE SEQUENCE IF NOT EXISTS s START 10                         | CreateSequence CREATE SEQUENCE s
        postgresql | DROP SEQUENCE s1, s2                                             | DropSequence DROP SEQUENCE s1,s2
        postgresql | CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION bob                | CreateSchema CREATE SCHEMA app
        postgresql | DROP SCHEMA app CASCADE                                          | DropSchema DROP SCHEMA app
        postgresql | ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p NOT VALID | AddConstraint CREATE CONSTRAINT fk on t
        postgresql | ALTER TABLE t DROP CONSTRAINT IF EXISTS fk CASCADE               | DropConstraint DROP CONSTRAINT fk on t
        postgresql | ALTER TABLE t ADD c int, DROP COLUMN d                           | AddColumn ALTER COLUMN c on t ; DropColumn ALTER COLUMN d on t
        postgresql | ALTER TABLE t ALTER COLUMN c SET DEFAULT now()                   | AlterColumn ALTER COLUMN c on t
        postgresql | ALTER TABLE IF EXISTS ONLY t RENAME TO u                         | RenameTable ALTER TABLE t
        postgresql | ALTER TABLE t RENAME COLUMN a TO b                               | RenameColumn ALTER COLUMN a on t
        postgresql | TRUNCATE a, b RESTART IDENTITY CASCADE                           | TruncateTable DROP TABLE a,b
        postgresql | ALTER TABLE t VALIDATE CONSTRAINT fk                             | UnrecognizedDdl ALTER CONSTRAINT fk on t
        postgresql | ALTER TABLE t OWNER TO bob                                       | UnrecognizedDdl ALTER TABLE t on t
        postgresql | ALTER INDEX ix RENAME TO iy                                      | RenameIndex ALTER INDEX ix
        postgresql | ALTER INDEX IF EXISTS s.ix RENAME TO iy                          | RenameIndex ALTER INDEX s.ix
        postgresql | ALTER VIEW v RENAME TO w                                         | RenameView ALTER VIEW v
        postgresql | ALTER MATERIALIZED VIEW IF EXISTS mv RENAME TO mv2               | RenameView ALTER MATERIALIZED_VIEW mv
        postgresql | ALTER SEQUENCE s RENAME TO s2                                    | RenameSequence ALTER SEQUENCE s
        postgresql | ALTER VIEW v RENAME COLUMN a TO b                                | UnrecognizedDdl ALTER VIEW v
        postgresql | ALTER INDEX ix SET (fillfactor = 70)                             | UnrecognizedDdl ALTER INDEX ix
        h2         | ALTER INDEX ix RENAME TO iy                                      | RenameIndex ALTER INDEX ix
        postgresql | CREATE TYPE mood AS ENUM ('sad', 'ok')                           | UnrecognizedDdl CREATE TYPE mood
        postgresql | CREATE EXTENSION IF NOT EXISTS "uuid-ossp"                       | UnrecognizedDdl CREATE EXTENSION "uuid-ossp"
        postgresql | CREATE TRIGGER trg AFTER INSERT OR UPDATE ON s.t FOR EACH ROW EXECUTE FUNCTION f() | UnrecognizedDdl CREATE TRIGGER trg on s.t
        postgresql | CREATE POLICY p ON t FOR SELECT USING (owner = current_user)      | UnrecognizedDdl CREATE POLICY p on t
        postgresql | DROP TRIGGER IF EXISTS trg ON t                                  | UnrecognizedDdl DROP TRIGGER trg on t
        postgresql | DROP FUNCTION IF EXISTS f(int, text), g()                        | UnrecognizedDdl DROP FUNCTION f,g
        postgresql | COMMENT ON TABLE t IS 'x'                                        | UnrecognizedDdl ALTER TABLE t
        postgresql | GRANT SELECT, INSERT ON TABLE t TO app                           | UnrecognizedDdl ALTER TABLE t
        postgresql | REINDEX TABLE CONCURRENTLY t                                     | UnrecognizedDdl ALTER INDEX  on t
        mysql      | CREATE TABLE `db`.`t` (`id` int)                                 | CreateTable CREATE TABLE "db"."t"
        mysql      | CREATE DATABASE IF NOT EXISTS shop                               | CreateSchema CREATE SCHEMA shop
        mysql      | DROP DATABASE shop                                               | DropSchema DROP SCHEMA shop
        mariadb    | DROP INDEX ix ON t                                               | DropIndex DROP INDEX ix on t
        mariadb    | RENAME TABLE a TO b, c TO d                                      | RenameTable ALTER TABLE a ; RenameTable ALTER TABLE c
        mariadb    | ALTER TABLE t DROP FOREIGN KEY fk, DROP PRIMARY KEY              | DropConstraint DROP CONSTRAINT fk on t ; DropConstraint DROP CONSTRAINT  on t
        mariadb    | ALTER TABLE t MODIFY c int NOT NULL, CHANGE d e text             | AlterColumn ALTER COLUMN c on t ; AlterColumn ALTER COLUMN d on t
        mariadb    | ALTER TABLE t ADD INDEX ix (a), DROP INDEX iy, ALGORITHM=INPLACE | CreateIndex CREATE INDEX ix on t ; DropIndex DROP INDEX iy on t
        mariadb    | CREATE TABLE t (id int, KEY ix (id), INDEX (id))                 | CreateTable CREATE TABLE t
        mariadb    | DROP TABLE IF EXISTS t WAIT 5                                    | DropTable DROP TABLE t
        mssql      | EXEC sp_rename 'dbo.t.a', 'b', 'COLUMN'                          | RenameColumn ALTER COLUMN a on dbo.t
        mssql      | DROP TABLE [dbo].[My Table]                                      | DropTable DROP TABLE "dbo"."My Table"
        oracle     | DROP TABLE t CASCADE CONSTRAINTS PURGE                           | DropTable DROP TABLE t
        h2         | ALTER TABLE t ALTER COLUMN c RENAME TO d                         | RenameColumn ALTER COLUMN c on t
        sqlite     | CREATE TABLE IF NOT EXISTS t (a, b) WITHOUT ROWID                | CreateTable CREATE TABLE t
        """)
    void parsesEachFormIntoItsElements(String dialect, String sql, String expected) {
        assertThat(describe(DdlParser.parse(sql, Dialect.of(dialect)))).isEqualTo(expected.strip());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "SELECT * FROM users WHERE id = ?", "select 1", "INSERT INTO t VALUES (1)", "UPDATE t SET a = 1",
        "DELETE FROM t", "WITH x AS (SELECT 1) SELECT * FROM x", "MERGE INTO t USING s ON (1=1) WHEN MATCHED THEN DELETE",
        "CALL p()", "SET search_path = app", "SHOW TABLES", "BEGIN", "COMMIT", "ROLLBACK", "  -- DROP TABLE x\nSELECT 1",
        "/* DROP TABLE t */ SELECT 1", "SELECT 'DROP TABLE t'", "SELECT \"DROP\" FROM t", "SELECT $$; DROP TABLE t$$",
        "", "   ", "-- only a comment", "/* unterminated DROP TABLE t", "DO $$ BEGIN NULL; END $$",
        "SELECT 1; SELECT 2;", "createx table t", "dropped"})
    void nonDdlGivesNothing(String sql) {
        assertThat(DdlParser.parse(sql, Dialect.POSTGRESQL)).isEmpty();
    }

    @Nested
    class Splitting {
        @Test
    void aRenameOfAViewIndexOrSequenceCarriesTheOldAndTheNewName() {
        assertThat(DdlParser.parse("ALTER MATERIALIZED VIEW app.mv RENAME TO mv2", Dialect.POSTGRESQL))
                .singleElement().isInstanceOfSatisfying(io.ddlguard.element.RenameView.class, r -> {
                    assertThat(r.name()).isEqualTo(QualifiedName.of(new Identifier("app", false),
                            new Identifier("mv", false)));
                    assertThat(r.newName()).isEqualTo(QualifiedName.of(new Identifier("mv2", false)));
                    assertThat(r.materialized()).isTrue();
                });
        assertThat(DdlParser.parse("ALTER INDEX \"Ix\" RENAME TO \"Iy\"", Dialect.POSTGRESQL)).singleElement()
                .isInstanceOfSatisfying(io.ddlguard.element.RenameIndex.class,
                        r -> assertThat(r.newName().name()).isEqualTo(new Identifier("Iy", true)));
    }

    /** Found by ParserPropertiesTest once the parser ran strict: DEFAULT as a statement's last word. */
    @ParameterizedTest
    @ValueSource(strings = {"CREATE TABLE \"a\".b (id int PRIMARY KEY, c text DEFAULT ;'x''y' REFERENCES p(id))",
            "CREATE TABLE t (c text DEFAULT", "ALTER TABLE t ALTER COLUMN c SET DEFAULT"})
    void aStatementEndingInTheMiddleOfADefaultIsReadWithoutFailing(String sql) {
        assertThat(StatementParser.read(sql, io.ddlguard.dialect.DialectRules.of(Dialect.POSTGRESQL),
                Integer.MAX_VALUE).guarded()).isNotEmpty();
    }

    @Test
        void dropTableWithTwoNamesIsOneElementWithBothNamesInOrder() {
            DropTable drop = (DropTable) DdlParser.parse("DROP TABLE IF EXISTS b, \"A\" CASCADE", Dialect.POSTGRESQL).get(0);
            assertThat(drop.names()).containsExactly(QualifiedName.of("b"), QualifiedName.of(null, Identifier.quoted("A")));
            assertThat(drop.ifExists()).isTrue();
            assertThat(drop.cascade()).isTrue();
        }

        @Test
        void multiActionAlterGivesOneElementPerActionSharingTheStatement() {
            String sql = "ALTER TABLE t ADD COLUMN c int, DROP COLUMN d";
            List<DdlElement> elements = DdlParser.parse(sql, Dialect.POSTGRESQL);
            assertThat(elements).hasSize(2).allSatisfy(e -> assertThat(e.sql()).isEqualTo(sql));
        }

        @Test
        void statementsInOneTextEachKeepTheirOwnSql() {
            List<DdlElement> elements = DdlParser.parse("CREATE TABLE a (x int); /* c */ DROP TABLE b;", Dialect.H2);
            assertThat(elements).extracting(DdlElement::sql).containsExactly("CREATE TABLE a (x int)", "DROP TABLE b");
        }

        @Test
        void ddlHiddenAfterAQueryIsFound() {
            assertThat(describe(DdlParser.parse("SELECT 1; DROP TABLE t", Dialect.POSTGRESQL))).isEqualTo("DropTable DROP TABLE t");
        }

        @Test
        void aStatementLimitReadsOnlyWhatADriverRuns() {
            assertThat(describe(StatementParser.parse("CREATE TABLE a (x int); CREATE TABLE b (x int)", Dialect.SQLITE, 1)))
                    .isEqualTo("CreateTable CREATE TABLE a");
            assertThat(StatementParser.parse(" ; SELECT 1; DROP TABLE t", Dialect.SQLITE, 1)).isEmpty();
        }

        @Test
        void mysqlExecutableCommentsAreCode() {
            assertThat(describe(DdlParser.parse("/*!50001 DROP VIEW IF EXISTS v */", Dialect.MYSQL))).isEqualTo("DropView DROP VIEW v");
        }

        @Test
        void functionBodiesDoNotSplit() {
            String sql = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN DROP TABLE x; RETURN 1; END $body$ LANGUAGE plpgsql";
            assertThat(describe(DdlParser.parse(sql, Dialect.POSTGRESQL))).isEqualTo("UnrecognizedDdl CREATE FUNCTION f");
            String mysql = "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; DELETE FROM x; END";
            assertThat(describe(DdlParser.parse(mysql, Dialect.MARIADB))).isEqualTo("UnrecognizedDdl CREATE TRIGGER trg on t");
        }
    }

    @Nested
    class Details {
        @Test
        void createTableReadsColumnsConstraintsAndEveryForeignKey() {
            CreateTable t = (CreateTable) DdlParser.parse("""
                    CREATE TABLE orders (
                      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      user_id int NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                      total numeric(10, 2) DEFAULT 0 CHECK (total >= 0),
                      "Note" text,
                      CONSTRAINT fk_shop FOREIGN KEY (shop_id, region) REFERENCES app.shops (id, region) ON UPDATE SET NULL,
                      UNIQUE (user_id, total)
                    ) PARTITION BY RANGE (id)""", Dialect.POSTGRESQL).get(0);
            assertThat(t.columns()).extracting(c -> c.name().value()).containsExactly("id", "user_id", "total", "Note");
            assertThat(t.columns().get(2).type()).isEqualTo("numeric(10, 2)");
            assertThat(t.columns().get(2).defaultValue()).contains("0");
            assertThat(t.columns().get(1).notNull()).isTrue();
            assertThat(t.partitioned()).isTrue();
            assertThat(t.foreignKeys()).hasSize(2);
            assertThat(t.foreignKeys().get(0).references().orElseThrow().table()).isEqualTo(QualifiedName.of("users"));
            assertThat(t.foreignKeys().get(0).references().orElseThrow().onDelete()).contains("CASCADE");
            assertThat(t.foreignKeys().get(1).name()).contains(Identifier.of("fk_shop"));
            assertThat(t.foreignKeys().get(1).columns()).extracting(Identifier::value).containsExactly("shop_id", "region");
            assertThat(t.foreignKeys().get(1).references().orElseThrow().table()).isEqualTo(QualifiedName.of("app", "shops"));
            assertThat(t.foreignKeys().get(1).references().orElseThrow().onUpdate()).contains("SET NULL");
            assertThat(t.constraints()).extracting(c -> c.type()).containsExactly(ConstraintType.FOREIGN_KEY, ConstraintType.UNIQUE);
        }

        @Test
        void createIndexKeepsItsFlagsAndColumns() {
            CreateIndex ix = (CreateIndex) DdlParser.parse(
                    "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON t (lower(email), id DESC)", Dialect.POSTGRESQL).get(0);
            assertThat(ix.unique()).isTrue();
            assertThat(ix.concurrently()).isTrue();
            assertThat(ix.ifNotExists()).isTrue();
            assertThat(ix.columns()).containsExactly("lower(email)", "id DESC");
        }

        @Test
        void alterColumnKnowsWhatChanges() {
            List<DdlElement> e = DdlParser.parse("ALTER TABLE t ALTER COLUMN a TYPE varchar(20) USING a::text, "
                    + "ALTER b SET NOT NULL, ALTER c DROP NOT NULL, ALTER d DROP DEFAULT", Dialect.POSTGRESQL);
            assertThat(e).extracting(x -> ((AlterColumn) x).change()).containsExactly(AlterColumn.Change.TYPE,
                    AlterColumn.Change.SET_NOT_NULL, AlterColumn.Change.DROP_NOT_NULL, AlterColumn.Change.DROP_DEFAULT);
            assertThat(((AlterColumn) e.get(0)).type()).contains("varchar(20)");
        }

        @Test
        void mysqlChangeRecordsTheNewName() {
            AlterColumn c = (AlterColumn) DdlParser.parse("ALTER TABLE t CHANGE COLUMN old_name new_name varchar(10)", Dialect.MYSQL).get(0);
            assertThat(c.column()).isEqualTo(Identifier.of("old_name"));
            assertThat(c.newName()).contains(Identifier.of("new_name"));
            assertThat(c.type()).contains("varchar(10)");
        }

        @Test
        void addColumnReadsInlineReferences() {
            AddColumn add = (AddColumn) DdlParser.parse("ALTER TABLE t ADD COLUMN owner_id int REFERENCES users(id)", Dialect.POSTGRESQL).get(0);
            assertThat(add.column().constraints()).singleElement()
                    .satisfies(c -> assertThat(c.references().orElseThrow().table()).isEqualTo(QualifiedName.of("users")));
        }

        @Test
        void truncateKnowsRestartIdentityAndCascade() {
            TruncateTable t = (TruncateTable) DdlParser.parse("TRUNCATE TABLE ONLY a, b RESTART IDENTITY CASCADE", Dialect.POSTGRESQL).get(0);
            assertThat(t.names()).extracting(n -> n.name().value()).containsExactly("a", "b");
            assertThat(t.restartIdentity()).isTrue();
            assertThat(t.cascade()).isTrue();
        }

        @Test
        void quotedIdentifiersKeepTheirCaseAndEmbeddedQuotes() {
            DropTable drop = (DropTable) DdlParser.parse("DROP TABLE \"we\"\"ird\"", Dialect.POSTGRESQL).get(0);
            assertThat(drop.names().get(0).name()).isEqualTo(Identifier.quoted("we\"ird"));
            DropTable my = (DropTable) DdlParser.parse("DROP TABLE `a``b`", Dialect.MYSQL).get(0);
            assertThat(my.names().get(0).name()).isEqualTo(Identifier.quoted("a`b"));
        }

        @Test
        void brokenDdlStillComesBackAsUnrecognized() {
            assertThat(describe(DdlParser.parse("DROP TABLE", Dialect.POSTGRESQL))).isEqualTo("UnrecognizedDdl DROP OTHER ");
            assertThat(describe(DdlParser.parse("CREATE TABLE (", Dialect.POSTGRESQL))).isEqualTo("UnrecognizedDdl CREATE OTHER ");
            assertThat(describe(DdlParser.parse("ALTER TABLE t ADD", Dialect.POSTGRESQL))).isEqualTo("UnrecognizedDdl ALTER TABLE t on t");
        }
    }

    @Nested
    class FastPath {
        @ParameterizedTest
        @ValueSource(strings = {"SELECT 1", "insert into t values (1)", "  update t set a=1", "-- x\nselect 1",
            "/* DROP */ select 1", "SELECT 1;", "SELECT 1;  \n"})
        void rejectsOrdinaryStatements(String sql) {
            assertThat(DdlParser.mayBeDdl(sql, Dialect.POSTGRESQL)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"DROP TABLE t", "  create table t (a int)", "/* x */ALTER TABLE t ADD c int",
            "-- c\ntruncate t", "SELECT 1; DROP TABLE t", "rename table a to b", "COMMENT ON TABLE t IS 'x'"})
        void letsAnythingThatMayBeDdlThrough(String sql) {
            assertThat(DdlParser.mayBeDdl(sql, Dialect.POSTGRESQL)).isTrue();
        }

        @Test
        void mysqlHashCommentsAndExecutableCommentsAreUnderstood() {
            assertThat(DdlParser.mayBeDdl("# DROP TABLE x\nSELECT 1", Dialect.MYSQL)).isFalse();
            assertThat(DdlParser.mayBeDdl("/*!50001 DROP TABLE x */", Dialect.MYSQL)).isTrue();
            assertThat(DdlParser.mayBeDdl("# note\nDROP TABLE x", Dialect.MYSQL)).isTrue();
        }
    }
}
