package io.ddlguard.it;

import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import javax.sql.DataSource;

/**
 * The PostgreSQL parser oracle against the official {@code postgres:17} image. Skipped, with the reason in the
 * report, when no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerSmokeIT extends PostgresParserOracle {

    @Container
    static final PostgreSQLContainer<?> POSTGRES = DockerDatabases.postgres();

    @Override
    DataSource freshDatabase() {
        return DockerDatabases.dataSource(POSTGRES);
    }
}
