package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DialectDetectorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        jdbc:postgresql://localhost:5432/app          | postgresql
        jdbc:mariadb://db/app?user=x                  | mariadb
        jdbc:mysql://db:3306/app                      | mysql
        jdbc:h2:mem:test;MODE=MySQL                   | h2
        jdbc:sqlite:/tmp/app.db                       | sqlite
        jdbc:oracle:thin:@//db:1521/XE                | oracle
        jdbc:sqlserver://db;databaseName=app          | mssql
        jdbc:p6spy:postgresql://localhost/app         | postgresql
        jdbc:tc:mysql:8.4:///app                      | mysql
        JDBC:PostgreSQL://LOCALHOST/APP               | postgresql
        """)
    void readsTheDialectFromAJdbcUrl(String url, String dialect) {
        assertThat(DialectDetector.fromUrl(url)).contains(Dialect.of(dialect));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "postgresql://x", "jdbc:unknowndb://x", "jdbc:"})
    void saysNothingForUrlsItDoesNotKnow(String url) {
        assertThat(DialectDetector.fromUrl(url)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        PostgreSQL           | postgresql
        MariaDB              | mariadb
        MySQL                | mysql
        H2                   | h2
        SQLite               | sqlite
        Oracle               | oracle
        Microsoft SQL Server | mssql
        """)
    void readsTheDialectFromAProductName(String product, String dialect) {
        assertThat(DialectDetector.fromProductName(product)).contains(Dialect.of(dialect));
    }
}
