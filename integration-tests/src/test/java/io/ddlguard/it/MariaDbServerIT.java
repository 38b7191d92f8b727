package io.ddlguard.it;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbServerIT {

    @Test
    void sharedServerIsStartedOnceAndHandsOutFreshDatabases() throws SQLException {
        DataSource first = MariaDbServer.newDatabase("server_it");
        try (Connection c = first.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE leftover (id INT)");
        }
        DataSource again = MariaDbServer.newDatabase("server_it");

        assertThat(MariaDbServer.shared()).isSameAs(MariaDbServer.shared());
        assertThat(query(again, "SELECT DATABASE()")).isEqualTo("server_it");
        assertThat(query(again, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'server_it'"))
                .isEqualTo("0");
        assertThat(query(again, "SELECT VERSION()")).startsWith("11.4");
        System.out.println("MariaDB (performance_schema=OFF) started in " + MariaDbServer.shared().startupMillis() + " ms");
    }

    @Test
    void sharedServerRunsWithoutPerformanceSchemaAndTheSecondWithIt() throws SQLException {
        MariaDbServer on = MariaDbServer.withPerformanceSchema();

        assertThat(query(MariaDbServer.dataSource(), "SELECT @@performance_schema")).isEqualTo("0");
        assertThat(query(on.rootDataSource(), "SELECT @@performance_schema")).isEqualTo("1");
        assertThat(on.port()).isNotEqualTo(MariaDbServer.shared().port());
        System.out.println("MariaDB (performance_schema=ON) started in " + on.startupMillis() + " ms");
    }

    private static String query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
