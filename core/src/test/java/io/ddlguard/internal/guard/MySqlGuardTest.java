package io.ddlguard.internal.guard;

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
}
