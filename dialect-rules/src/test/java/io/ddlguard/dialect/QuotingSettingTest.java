package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotingSettingTest {

    @ParameterizedTest(name = "sql_mode {0}: backslash escapes {1}, \"...\" is a string {2}")
    @CsvSource(delimiter = '|', value = {
            "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION | true  | true",
            "no_backslash_escapes                      | false | true",
            "ANSI_QUOTES,STRICT_ALL_TABLES             | true  | false",
            "ANSI,NO_BACKSLASH_ESCAPES,ANSI_QUOTES      | false | false",
            "''                                        | true  | true",
    })
    void mysqlSessionsReadTextAsTheirSqlModeSays(String mode, boolean backslash, boolean doubleQuoted) {
        DialectRules rules = DialectRules.of(Dialect.MYSQL);

        DialectRules reading = rules.quotingSetting().reading(rules, mode);

        assertThat(reading.backslashEscapes()).isEqualTo(backslash);
        assertThat(reading.doubleQuotedStrings()).isEqualTo(doubleQuoted);
        assertThat(rules.sessionReadings()).contains(reading);
    }

    @ParameterizedTest(name = "standard_conforming_strings = {0}: backslash escapes {1}")
    @CsvSource({"on, false", "off, true", "OFF, true"})
    void postgresSessionsReadBackslashesAsStandardConformingStringsSays(String value, boolean backslash) {
        DialectRules rules = DialectRules.of(Dialect.POSTGRESQL);

        assertThat(rules.quotingSetting().reading(rules, value).backslashEscapes()).isEqualTo(backslash);
    }

    @Test
    void onlyTheCharactersASettingChangesMakeTheSessionWorthAsking() {
        QuotingSetting mysql = DialectRules.of(Dialect.MARIADB).quotingSetting();
        QuotingSetting postgres = DialectRules.of(Dialect.POSTGRESQL).quotingSetting();

        assertThat(mysql.matters("select \"a\"")).isTrue();
        assertThat(mysql.matters("select 'a\\'")).isTrue();
        assertThat(mysql.matters("drop table t")).isFalse();
        assertThat(postgres.matters("select \"a\"")).isFalse();
        assertThat(postgres.matters("select 'a\\'")).isTrue();
        assertThat(DialectRules.of(Dialect.H2).quotingSetting()).isEqualTo(QuotingSetting.NONE);
        assertThat(DialectRules.of(Dialect.H2).sessionReadings()).hasSize(1);
    }
}
