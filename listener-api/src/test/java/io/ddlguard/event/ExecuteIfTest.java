package io.ddlguard.event;

import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecuteIfTest {

    private static FakeContext on(Dialect dialect) {
        return new FakeContext(Target.table("users"), dialect, null);
    }

    @Test
    void dialectMatchesNameOrFamily() throws Exception {
        ExecuteIf pgOrMysql = ExecuteIf.dialect("postgresql", "mysql");
        assertThat(pgOrMysql.test(on(Dialect.POSTGRESQL))).isTrue();
        assertThat(pgOrMysql.test(on(Dialect.MARIADB))).isTrue();
        assertThat(pgOrMysql.test(on(Dialect.COCKROACHDB))).isTrue();
        assertThat(pgOrMysql.test(on(Dialect.H2))).isFalse();
        assertThat(ExecuteIf.dialect("MariaDB").test(on(Dialect.MYSQL))).isFalse();
    }

    @Test
    void thePredicateGetsTheVeryStateObjectGiven() throws Exception {
        List<String> state = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        ExecuteIf.when((element, target, connection, ctx) -> seen.add(ctx.state()) && target.equals(Target.table("users")), state)
                .test(on(Dialect.H2));
        assertThat(seen).singleElement().isSameAs(state);
    }

    @Test
    void theDialectTestRunsBeforeThePredicate() throws Exception {
        List<String> calls = new ArrayList<>();
        ExecuteIf cond = ExecuteIf.dialect("postgresql").andWhen((e, t, c, ctx) -> calls.add("predicate"), null);
        assertThat(cond.test(on(Dialect.SQLITE))).isFalse();
        assertThat(calls).isEmpty();
        assertThat(cond.test(on(Dialect.POSTGRESQL))).isTrue();
        assertThat(calls).containsExactly("predicate");
    }

    @Test
    void guardRunsTheListenerOnlyWhenTheConditionHolds() throws Exception {
        List<String> ran = new ArrayList<>();
        DdlListener listener = ExecuteIf.dialect("h2").guard(ctx -> ran.add(ctx.dialect().name()));
        listener.onEvent(on(Dialect.POSTGRESQL));
        listener.onEvent(on(Dialect.H2));
        assertThat(ran).containsExactly("h2");
    }

    @Test
    void needsAtLeastOneDialect() {
        assertThatThrownBy(ExecuteIf::dialect).hasMessageContaining("at least one dialect");
    }
}
