package io.ddlguard.it;

import io.ddlguard.DdlParser;
import io.ddlguard.element.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL parser oracle against the embedded PostgreSQL shared by the whole test run. */
class PostgresParserOracleIT extends PostgresParserOracle {

    @Override
    DataSource freshDatabase() {
        return PostgresServer.newDatabase("parser_oracle");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   \n\t  ",
            ";",
            " ; ; ",
            "-- CREATE TABLE t (id int)",
            "-- DROP TABLE users;\n-- another line",
            "/* DROP TABLE users */",
            "/* outer /* DROP TABLE nested */ still a comment; */",
            "/* ALTER TABLE t ADD c int; */ -- and a line comment\n",
    })
    void commentsAndBlankTextAreNotDdl(String sql) {
        assertThat(DdlParser.parse(sql, Dialect.POSTGRESQL)).isEmpty();
    }
}
