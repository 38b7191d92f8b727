package io.ddlguard.internal.guard;

import io.ddlguard.DropPolicy;
import io.ddlguard.dialect.DialectRules;
import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The server key every tracked connection keeps: it names the server and never holds the URL's password. */
class ServerKeyTest {

    private static final GuardSettings SETTINGS = new GuardSettings(DropPolicy.FAIL, Duration.ofSeconds(1),
            Duration.ofMillis(100));

    @Test
    void postgresKeysAreSchemeAndAuthorityWithoutTheUsersPassword() {
        PostgresGuard guard = new PostgresGuard("app", SETTINGS, new ConnectionRegistry(true));
        assertThat(guard.serverKey("jdbc:postgresql://app:hunter2@db.example:5432/app?password=hunter2"))
                .isEqualTo("postgresql://app:***@db.example:5432");
        assertThat(guard.serverKey("jdbc:postgresql://db.example:5432/app?user=a&password=hunter2"))
                .isEqualTo("postgresql://db.example:5432");
    }

    @Test
    void mariaDbAndH2KeysHoldNoPassword() {
        MySqlGuard maria = new MySqlGuard("app", SETTINGS, new ConnectionRegistry(true),
                DialectRules.of(Dialect.MARIADB));
        assertThat(maria.serverKey("jdbc:mariadb://root:hunter2@db.example:3306/app")).doesNotContain("hunter2")
                .contains("db.example:3306");
        H2Guard h2 = new H2Guard("app", SETTINGS, new ConnectionRegistry(true), DialectRules.of(Dialect.H2));
        assertThat(h2.serverKey("jdbc:h2:tcp://db.example/~/app;PASSWORD=hunter2")).isEqualTo("h2:tcp://db.example/~/app");
        assertThat(h2.serverKey("jdbc:h2:tcp://sa:hunter2@db.example/~/app")).doesNotContain("hunter2");
    }
}
