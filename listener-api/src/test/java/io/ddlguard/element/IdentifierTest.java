package io.ddlguard.element;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifierTest {

    private static Identifier id(String written) {
        return written.startsWith("\"") ? Identifier.quoted(written.substring(1, written.length() - 1)) : Identifier.of(written);
    }

    @ParameterizedTest(name = "{0}: {1} vs {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
        postgresql | Users     | users     | true
        postgresql | Users     | "users"   | true
        postgresql | Users     | "Users"   | false
        postgresql | "Users"   | "Users"   | true
        h2         | users     | "USERS"   | true
        h2         | users     | "users"   | false
        oracle     | Users     | "USERS"   | true
        mysql      | Users     | users     | false
        mysql      | users     | "users"   | true
        sqlite     | Users     | "USERS"   | true
        mssql      | Users     | "USERS"   | true
        """)
    void comparesByTheDialectsFoldingRule(String dialect, String a, String b, boolean same) {
        assertThat(id(a).matches(id(b), Dialect.of(dialect))).isEqualTo(same);
        assertThat(id(b).matches(id(a), Dialect.of(dialect))).isEqualTo(same);
    }

    @Test
    void remembersQuotingAndRendersIt() {
        assertThat(Identifier.quoted("a\"b").toString()).isEqualTo("\"a\"\"b\"");
        assertThat(Identifier.of("users").toString()).isEqualTo("users");
        assertThat(Identifier.of("x")).isNotEqualTo(Identifier.quoted("x"));
    }

    @Test
    void qualifiedNamesWithoutSchemaMatchAnySchema() {
        assertThat(QualifiedName.of("users").matches(QualifiedName.of("app", "USERS"), Dialect.POSTGRESQL)).isTrue();
        assertThat(QualifiedName.of("app", "users").matches(QualifiedName.of("other", "users"), Dialect.POSTGRESQL)).isFalse();
        assertThat(QualifiedName.of("app", "t").toString()).isEqualTo("app.t");
    }

    @Test
    void dialectsKnowTheirFamily() {
        assertThat(Dialect.of("MariaDB").is("mysql")).isTrue();
        assertThat(Dialect.of("cockroachdb").is("postgresql")).isTrue();
        assertThat(Dialect.of("postgres")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.of("sqlserver")).isEqualTo(Dialect.MSSQL);
        assertThat(Dialect.of("snowflake").family()).isEqualTo("snowflake");
        assertThat(Dialect.H2.is("mysql")).isFalse();
        assertThatThrownBy(() -> Dialect.of(" ")).hasMessageContaining("cannot be empty");
    }
}
