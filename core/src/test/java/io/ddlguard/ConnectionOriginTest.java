package io.ddlguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionOriginTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            org.flywaydb.core.internal.jdbc.JdbcUtils                                          | Flyway
            com.zaxxer.hikari.HikariDataSource, org.flywaydb.core.internal.jdbc.JdbcUtils      | Flyway
            org.springframework.jdbc.datasource.DataSourceUtils, liquibase.integration.SpringLiquibase | Liquibase
            org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl    | Hibernate
            com.example.Reports, org.flywaydb.core.Flyway                                      | none
            java.lang.Thread                                                                   | none
            """)
    void theToolThatBorrowedAConnectionIsReadFromItsStack(String classes, String tool) {
        List<StackTraceElement> stack = Arrays.stream(classes.split(","))
                .map(c -> new StackTraceElement(c.strip(), "m", "F.java", 1)).toList();
        ConnectionOrigin origin = new ConnectionOrigin("ds", Instant.EPOCH, "main", stack, true, Optional.empty(),
                List.of());

        assertThat(origin.openedBy()).isEqualTo(Optional.ofNullable(tool));
    }
}
