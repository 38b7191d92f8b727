package io.ddlguard.internal.guard;

import io.ddlguard.DropPolicy;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.StatementParser;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the PostgreSQL guard decides before it reads any catalog: which statements it bounds, and on which servers. */
class PostgresGuardTest {

    private final PostgresGuard guard = new PostgresGuard("test",
            new GuardSettings(DropPolicy.FAIL, Duration.ofSeconds(5), Duration.ofMillis(100)), new ConnectionRegistry(false));

    @Test
    void onAServerOlderThan13EveryGuardedStatementIsBoundedWithoutNamesAndTheReportSaysWhy() throws SQLException {
        Connection pg12 = connection(12);

        Inspection inspection = guard.inspect(pg12,
                StatementParser.guarded("DROP TABLE users", Dialect.POSTGRESQL));

        assertThat(inspection).isInstanceOf(Inspection.Blind.class);
        assertThat(inspection.precheck()).isFalse();
        assertThat(inspection.limitation()).contains("PostgreSQL 12 is older than 13", "bounded attempts alone");
        assertThat(guard.inspect(pg12, StatementParser.guarded("CREATE TABLE t (id int)", Dialect.POSTGRESQL)))
                .as("a lock-free form still runs as it is").isNull();
    }

    @Test
    void onAServerOlderThan13BlockersIsNotSupported() {
        assertThatThrownBy(() -> guard.blockers(connection(12),
                StatementParser.guarded("DROP TABLE users", Dialect.POSTGRESQL)))
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("older than 13");
    }

    /** A connection that answers only its metadata's major version: the guard must decide before any query. */
    private static Connection connection(int major) {
        DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseMajorVersion" -> major;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMetaData" -> metaData;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
