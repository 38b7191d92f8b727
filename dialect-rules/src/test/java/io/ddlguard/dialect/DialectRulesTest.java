package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

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
}
