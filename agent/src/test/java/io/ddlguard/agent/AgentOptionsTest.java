package io.ddlguard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void theAgentArgumentNamesTheRulesAndOptions() {
        AgentOptions options = AgentOptions.from("rules=/r.yaml,on-error=warn,debug=true", Map.of());

        assertThat(options).isEqualTo(new AgentOptions(Optional.of(Path.of("/r.yaml")), true, true));
    }

    @Test
    void theEnvironmentNamesTheRulesWhenNeitherArgumentNorPropertyDoes() {
        AgentOptions options = AgentOptions.from("", Map.of("DDLGUARD_RULES", "/env.yaml"));

        assertThat(options.rules()).contains(Path.of("/env.yaml"));
        assertThat(options.warnOnError()).isFalse();
    }

    @Test
    void theAgentArgumentWinsOverTheEnvironment() {
        assertThat(AgentOptions.from("rules=/arg.yaml", Map.of("DDLGUARD_RULES", "/env.yaml")).rules())
                .contains(Path.of("/arg.yaml"));
    }

    @Test
    void unknownArgumentsAndValuesAreRefusedByName() {
        assertThatThrownBy(() -> AgentOptions.from("rule=/r.yaml", Map.of()))
                .hasMessageContaining("unknown agent argument 'rule'");
        assertThatThrownBy(() -> AgentOptions.from("on-error=ignore", Map.of()))
                .hasMessageContaining("on-error must be fail or warn, not 'ignore'");
    }
}
