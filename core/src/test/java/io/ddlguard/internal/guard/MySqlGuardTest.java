package io.ddlguard.internal.guard;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pattern TERMINATE reads an account's grants with: a user name's LIKE wildcards must match only themselves,
 * or the grants of user {@code a_b} could be taken from a visible account {@code axb}.
 */
class MySqlGuardTest {

    @Test
    void aUserNameMatchesOnlyItselfWhateverTheHost() {
        assertThat(MySqlGuard.grantees("app")).isEqualTo("'app'@%");
        assertThat(MySqlGuard.grantees("a_b%c")).isEqualTo("'a!_b!%c'@%");
    }

    @Test
    void theEscapeCharacterAndQuotesAreEscapedToo() {
        assertThat(MySqlGuard.grantees("o'brien!")).isEqualTo("'o''brien!!'@%");
    }

    @Test
    void unqualifiedNamesFallBackToTheSchemaWhenTheDriverCallsTheDatabaseASchema() throws SQLException {
        assertThat(MySqlGuard.currentDatabase(connection(null, "shop"))).isEqualTo("shop");
        assertThat(MySqlGuard.currentDatabase(connection("shop", null))).isEqualTo("shop");
    }

    /** A connection that answers only getCatalog and getSchema, as Connector/J with databaseTerm=SCHEMA does. */
    private static Connection connection(String catalog, String schema) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getCatalog" -> catalog;
                    case "getSchema" -> schema;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
