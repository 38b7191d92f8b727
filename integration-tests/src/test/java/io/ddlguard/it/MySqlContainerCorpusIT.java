package io.ddlguard.it;

import io.ddlguard.element.Dialect;
import org.mariadb.jdbc.MariaDbDataSource;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

/**
 * The MySQL-dialect history ({@link MySqlCorpus}) on a real MySQL 8.4 in a container, parsed as
 * {@link Dialect#MYSQL}. Runs only where a Docker engine answers; elsewhere it is skipped, not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
class MySqlContainerCorpusIT extends CorpusContract {

    @Container
    private static final MySqlServer MYSQL = new MySqlServer()
            .withDatabaseName("corpus_mysql")
            .withUsername("root")
            .withPassword("corpus");

    @Override
    String engine() {
        return "MySQL";
    }

    @Override
    DataSource freshDatabase() {
        try {
            MariaDbDataSource ds = new MariaDbDataSource(MYSQL.getJdbcUrl());
            ds.setUser(MYSQL.getUsername());
            ds.setPassword(MYSQL.getPassword());
            return ds;
        } catch (SQLException e) {
            throw new IllegalStateException("bad MySQL URL " + MYSQL.getJdbcUrl(), e);
        }
    }

    @Override
    CatalogReader catalogReader() {
        return new MySqlCatalogReader(true);
    }

    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }

    @Override
    List<CorpusStatement> history() {
        return MySqlCorpus.history("mysql");
    }

    @Override
    int minimumStatements() {
        return 110;
    }

    /**
     * MySQL 8.4, reached through MariaDB Connector/J (already on the test class path; it speaks MySQL's
     * protocol and {@code caching_sha2_password}) rather than adding MySQL Connector/J.
     */
    private static final class MySqlServer extends MySQLContainer<MySqlServer> {
        MySqlServer() {
            super(DockerImageName.parse("mysql:8.4"));
        }

        @Override
        public String getDriverClassName() {
            return "org.mariadb.jdbc.Driver";
        }

        @Override
        public String getJdbcUrl() {
            return "jdbc:mariadb://" + getHost() + ":" + getMappedPort(MYSQL_PORT) + "/" + getDatabaseName()
                    + "?allowPublicKeyRetrieval=true";
        }
    }
}
