package io.ddlguard.event;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TargetUnitTest {

    @Test
    void unitHearsTheUnitOfACreateAllOrDropAllRunAndNothingElse() {
        assertThat(Target.unit().matches(Target.unit(), Dialect.POSTGRESQL)).isTrue();
        assertThat(Target.unit().matches(Target.table("a"), Dialect.POSTGRESQL)).isFalse();
        assertThat(Target.unit().matches(Target.any(ObjectKind.TABLE), Dialect.POSTGRESQL)).isFalse();
    }

    @Test
    void anyHearsEveryStatementsObjectButNotTheUnit() {
        assertThat(Target.any().matches(Target.table("a"), Dialect.POSTGRESQL)).isTrue();
        assertThat(Target.any().matches(ObjectKind.CONSTRAINT, Optional.of(QualifiedName.of("c")), Dialect.H2))
                .isTrue();
        assertThat(Target.any().matches(Target.unit(), Dialect.POSTGRESQL)).isFalse();
        assertThat(Target.anyTable().matches(Target.unit(), Dialect.POSTGRESQL)).isFalse();
    }
}
