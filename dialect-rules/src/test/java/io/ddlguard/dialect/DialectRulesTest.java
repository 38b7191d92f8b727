package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DialectRulesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        postgresql | true
        mssql      | true
        mysql      | false
        mariadb    | false
        oracle     | false
        sqlite     | false
        h2         | false
        """)
    void knowsWhichDialectsHaveTransactionalDdl(String dialect, boolean transactional) {
        assertThat(DialectRules.of(Dialect.of(dialect)).transactionalDdl()).isEqualTo(transactional);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        postgresql | a"b; DROP TABLE x | ~"a""b; DROP TABLE x"~
        mysql      | a`b                | ~`a``b`~
        mssql      | a]b                | ~[a]]b]~
        h2         | Users              | ~"Users"~
        """)
    void quotingEscapesEmbeddedQuotesSoANameCannotEndEarly(String dialect, String name, String quoted) {
        assertThat(DialectRules.of(Dialect.of(dialect)).quote(name)).isEqualTo(quoted);
    }

    @Test
    void rendersIdentifiersAsWritten() {
        DialectRules pg = DialectRules.of(Dialect.POSTGRESQL);
        assertThat(pg.render(Identifier.of("Users"))).isEqualTo("Users");
        assertThat(pg.render(Identifier.quoted("Users"))).isEqualTo("\"Users\"");
        assertThat(DialectRules.of(Dialect.MYSQL).render(Identifier.quoted("Users"))).isEqualTo("`Users`");
    }

    @Test
    void foldsUnquotedNamesByTheDialectsRule() {
        assertThat(DialectRules.of(Dialect.POSTGRESQL).fold("Users")).isEqualTo("users");
        assertThat(DialectRules.of(Dialect.H2).fold("Users")).isEqualTo("USERS");
        assertThat(DialectRules.of(Dialect.MYSQL).fold("Users")).isEqualTo("Users");
    }

    @Test
    void anUnknownMemberOfAKnownFamilyLexesLikeItsFamily() {
        DialectRules cockroach = DialectRules.of(Dialect.COCKROACHDB);
        assertThat(cockroach.dialect()).isEqualTo(Dialect.COCKROACHDB);
        assertThat(cockroach.transactionalDdl()).isTrue();
        assertThat(SqlScript.statements("SELECT $$;$$; SELECT 1", Dialect.COCKROACHDB)).hasSize(2);
    }

    @Test
    void sessionReadingsCoverTheSettingsThatMoveWhereAStringEnds() {
        DialectRules mysql = DialectRules.of(Dialect.MARIADB);
        assertThat(mysql.sessionReadings()).first().isSameAs(mysql);
        assertThat(mysql.sessionReadings()).extracting(DialectRules::backslashEscapes, DialectRules::doubleQuotedStrings)
                .containsExactly(tuple(true, true), tuple(false, true), tuple(true, false), tuple(false, false));
        assertThat(mysql.sessionReadings()).allSatisfy(r -> assertThat(r.dialect()).isEqualTo(Dialect.MARIADB));
        assertThat(mysql.sessionReadings()).isSameAs(mysql.sessionReadings());

        DialectRules postgres = DialectRules.of(Dialect.POSTGRESQL);
        assertThat(postgres.sessionReadings()).extracting(DialectRules::backslashEscapes)
                .containsExactly(false, true);
        assertThat(DialectRules.of(Dialect.H2).sessionReadings()).hasSize(1);
    }

    @Test
    void eachReadingEndsStringsWhereItsServerSettingDoes() {
        String sql = "SELECT 'a\\'; DROP TABLE t; -- '\n, \"b\\\"; DROP TABLE u; -- \"\n";
        List<DialectRules> readings = DialectRules.of(Dialect.MARIADB).sessionReadings();

        assertThat(readings).extracting(r -> drops(SqlLexer.tokenize(sql, r)))
                .as("default, NO_BACKSLASH_ESCAPES, ANSI_QUOTES, both")
                .containsExactly(List.of(), List.of("t", "u"), List.of("u"), List.of("t", "u"));
    }

    /** The tables of the statements that are {@code DROP TABLE x}. */
    private static List<String> drops(Tokens tokens) {
        List<String> tables = new ArrayList<>();
        for (int s = 0; s < tokens.statementCount(); s++) {
            int first = tokens.statementFirstToken(s);
            if (first + 2 < tokens.statementEndToken(s) && tokens.isWord(first, "DROP")) {
                tables.add(tokens.text(first + 2));
            }
        }
        return tables;
    }

    /** The engine capabilities core asks for instead of testing engine names: one table, every engine. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // dialect,  guard,      shows holders, schemas,  alters constraints, drop FK clause,    first only, minimum wait (ms)
            "postgresql, POSTGRESQL, true,  SCHEMAS,  true,  ' DROP CONSTRAINT ', false, 1",
            "cockroachdb, NONE,      false, SCHEMAS,  true,  ' DROP CONSTRAINT ', false, 1",
            "mysql,      MYSQL,      true,  CATALOGS, true,  ' DROP FOREIGN KEY ', false, 1000",
            "mariadb,    MYSQL,      true,  CATALOGS, true,  ' DROP FOREIGN KEY ', false, 0",
            "h2,         H2,         true,  SCHEMAS,  true,  ' DROP CONSTRAINT ', false, 1",
            "sqlite,     SQLITE,     false, NONE,     false, ' DROP CONSTRAINT ', true,  1",
            "oracle,     NONE,       false, SCHEMAS,  true,  ' DROP CONSTRAINT ', false, 1",
            "mssql,      NONE,       false, SCHEMAS,  true,  ' DROP CONSTRAINT ', false, 1",
    })
    void engineCapabilities(String dialect, LockEngine guard, boolean showsHolders,
                            DialectRules.Schemas schemas, boolean altersConstraints, String dropForeignKey,
                            boolean firstStatementOnly, long minimumWaitMillis) {
        DialectRules rules = DialectRules.of(Dialect.of(dialect));

        assertThat(rules.lockEngine()).isEqualTo(guard);
        assertThat(rules.showsLockHolders()).isEqualTo(showsHolders);
        assertThat(rules.schemas()).isEqualTo(schemas);
        assertThat(rules.altersConstraints()).isEqualTo(altersConstraints);
        assertThat(rules.dropForeignKey()).isEqualTo(dropForeignKey);
        assertThat(rules.runsFirstStatementOnly()).isEqualTo(firstStatementOnly);
        assertThat(rules.minimumLockWait().toMillis()).isEqualTo(minimumWaitMillis);
    }

    /** The grammar capabilities the parser asks for instead of testing engine names: one table, every engine. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // dialect,  indexes in CREATE TABLE, DATABASE is SCHEMA, RENAME names kind, ALTER COLUMN keeps type,
            //           table-level DROP DEFAULT, ANALYZE TABLE, LOCK mode per table
            "postgresql,  false, false, false, false, true,  false, false",
            "cockroachdb, false, false, false, false, true,  false, false",
            "mysql,       true,  true,  true,  true,  false, true,  true",
            "mariadb,     true,  true,  true,  true,  false, true,  true",
            "tidb,        true,  true,  true,  true,  false, true,  true",
            "h2,          false, false, false, false, true,  false, false",
            "sqlite,      false, false, false, false, true,  false, false",
            "oracle,      false, false, false, false, true,  false, false",
            "mssql,       false, false, false, false, true,  false, false",
            "generic,     false, false, false, false, true,  false, false",
    })
    void grammarCapabilities(String dialect, boolean indexesInTableDefinition, boolean databasesAreSchemas,
                             boolean renameNamesKind, boolean alterColumnKeepsType, boolean tableLevelDropDefault,
                             boolean analyzeIsTableMaintenance, boolean lockModePerTable) {
        DialectRules rules = DialectRules.of(Dialect.of(dialect));

        assertThat(grammar(rules)).as("the capabilities in the table's order").containsExactly(indexesInTableDefinition,
                databasesAreSchemas, renameNamesKind, alterColumnKeepsType, tableLevelDropDefault,
                analyzeIsTableMaintenance, lockModePerTable);
        assertThat(rules.sessionReadings()).as("every session reading keeps the grammar")
                .extracting(DialectRulesTest::grammar).containsOnly(grammar(rules));
    }

    private static List<Boolean> grammar(DialectRules r) {
        return List.of(r.indexesInTableDefinition(), r.databasesAreSchemas(), r.renameNamesKind(),
                r.alterColumnKeepsType(), r.tableLevelDropDefault(), r.analyzeIsTableMaintenance(), r.lockModePerTable());
    }

    @Test
    void onlySqliteKeepsTablesOfItsOwnAmongTheApplicationsTables() {
        assertThat(DialectRules.of(Dialect.SQLITE).isInternalTable("sqlite_sequence")).isTrue();
        assertThat(DialectRules.of(Dialect.SQLITE).isInternalTable("SQLITE_stat1")).isTrue();
        assertThat(DialectRules.of(Dialect.SQLITE).isInternalTable("orders")).isFalse();
        assertThat(DialectRules.of(Dialect.POSTGRESQL).isInternalTable("sqlite_sequence")).isFalse();
    }

    @Test
    void catalogQueriesAndRenamesByProcedureBelongToTheirEnginesOnly() {
        assertThat(DialectRules.of(Dialect.H2).sequencesQuery()).hasValueSatisfying(q ->
                assertThat(q).contains("INFORMATION_SCHEMA.SEQUENCES"));
        assertThat(DialectRules.of(Dialect.POSTGRESQL).foreignKeysQuery()).hasValueSatisfying(q ->
                assertThat(q).contains("pg_catalog.pg_constraint"));
        assertThat(DialectRules.of(Dialect.COCKROACHDB).foreignKeysQuery()).isPresent();
        for (Dialect d : List.of(Dialect.MYSQL, Dialect.MARIADB, Dialect.SQLITE, Dialect.GENERIC)) {
            assertThat(DialectRules.of(d).sequencesQuery()).as(d.name()).isEmpty();
            assertThat(DialectRules.of(d).foreignKeysQuery()).as(d.name()).isEmpty();
        }
        assertThat(DialectRules.of(Dialect.MSSQL).renamesByProcedure()).isTrue();
        assertThat(DialectRules.of(Dialect.POSTGRESQL).renamesByProcedure()).isFalse();
    }
}
