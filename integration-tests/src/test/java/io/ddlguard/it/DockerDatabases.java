package io.ddlguard.it;

import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import javax.sql.DataSource;

/**
 * Database containers for the suites that also run under Testcontainers when a Docker engine is present.
 * Containers are started and stopped by the Testcontainers JUnit extension, not here.
 */
final class DockerDatabases {

    /** The PostgreSQL image the container suites use; the same major version as the embedded binaries. */
    static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:17");

    private DockerDatabases() {
    }

    /** A PostgreSQL container, not yet started; its user is a superuser, as event triggers require. */
    static PostgreSQLContainer<?> postgres() {
        return new PostgreSQLContainer<>(POSTGRES_IMAGE);
    }

    /** A data source on the container's own database. */
    static DataSource dataSource(PostgreSQLContainer<?> container) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(container.getJdbcUrl());
        ds.setUser(container.getUsername());
        ds.setPassword(container.getPassword());
        return ds;
    }
}
