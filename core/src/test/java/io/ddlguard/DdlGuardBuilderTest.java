package io.ddlguard;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdlGuardBuilderTest {

    @Test
    void eachSettingReturnsANewBuilderAndLeavesTheOneItWasCalledOnAsItWas() {
        DdlGuard.Builder defaults = DdlGuard.builder();

        DdlGuard.Builder quiet = defaults.dropPolicy(DropPolicy.WAIT).lockWait(Duration.ofSeconds(2))
                .attemptTimeout(Duration.ofMillis(50)).poolMode(PoolMode.SESSION).logRefusals(false);

        DdlGuard before = defaults.build();
        assertThat(before.dropPolicy()).isEqualTo(DropPolicy.FAIL);
        assertThat(before.lockWait()).isEqualTo(DdlGuard.DEFAULT_LOCK_WAIT);
        assertThat(before.attemptTimeout()).isEqualTo(DdlGuard.DEFAULT_ATTEMPT_TIMEOUT);
        assertThat(before.poolMode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(before.logRefusals()).as("refusals are logged by default").isTrue();
        DdlGuard after = quiet.build();
        assertThat(after.dropPolicy()).isEqualTo(DropPolicy.WAIT);
        assertThat(after.lockWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(after.attemptTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(after.poolMode()).isEqualTo(PoolMode.SESSION);
        assertThat(after.logRefusals()).isFalse();
        assertThat(quiet).isNotSameAs(defaults);
    }

    @Test
    void aBadSettingNamesTheProperty() {
        assertThatThrownBy(() -> DdlGuard.builder().attemptTimeout(Duration.ZERO))
                .hasMessage("attemptTimeout must be at least 1 ms: PT0S");
        assertThatThrownBy(() -> DdlGuard.builder().lockWait(Duration.ofSeconds(-1)))
                .hasMessage("lockWait cannot be negative: PT-1S");
        assertThatThrownBy(() -> DdlGuard.builder().name(" ")).hasMessage("name cannot be blank");
    }
}
