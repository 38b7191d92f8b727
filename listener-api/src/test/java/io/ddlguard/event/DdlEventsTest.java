package io.ddlguard.event;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DdlEventsTest {

    @Test
    void keepsRegistrationOrderAndRemovesOnRequest() {
        DdlEvents events = new DdlEvents();
        Registration a = events.listen(Target.anyTable(), DdlEvent.AFTER_CREATE, DdlListener.NO_OP);
        Registration b = events.listen(Target.table("users"), DdlEvent.BEFORE_DROP, DdlListener.NO_OP);
        assertThat(events.registrations()).containsExactly(a, b);
        a.remove();
        a.remove();
        assertThat(events.registrations()).containsExactly(b);
        try (Registration c = events.listen(Target.any(), DdlEvent.AFTER_ALTER, DdlListener.NO_OP)) {
            assertThat(events.registrations()).containsExactly(b, c);
        }
        assertThat(events.registrations()).containsExactly(b);
    }

    @Test
    void targetsFoldNamesByTheDialect() {
        QualifiedName quotedUsers = QualifiedName.of(null, io.ddlguard.element.Identifier.quoted("Users"));
        assertThat(Target.table("Users").matches(ObjectKind.TABLE, Optional.of(QualifiedName.of("users")), Dialect.POSTGRESQL)).isTrue();
        assertThat(Target.table("Users").matches(ObjectKind.TABLE, Optional.of(quotedUsers), Dialect.POSTGRESQL)).isFalse();
        assertThat(Target.table("\"Users\"").matches(ObjectKind.TABLE, Optional.of(quotedUsers), Dialect.POSTGRESQL)).isTrue();
        assertThat(Target.table("users").matches(ObjectKind.INDEX, Optional.of(QualifiedName.of("users")), Dialect.POSTGRESQL)).isFalse();
        assertThat(Target.anyIndex().matches(ObjectKind.INDEX, Optional.empty(), Dialect.POSTGRESQL)).isTrue();
        assertThat(Target.index("ix").matches(ObjectKind.INDEX, Optional.empty(), Dialect.POSTGRESQL)).isFalse();
        assertThat(Target.table("app", "t").matches(ObjectKind.TABLE, Optional.of(QualifiedName.of("t")), Dialect.H2)).isTrue();
        assertThat(Target.any().matches(ObjectKind.SEQUENCE, Optional.of(QualifiedName.of("s")), Dialect.H2)).isTrue();
        assertThat(Target.table("users").toString()).isEqualTo("table users");
        assertThat(Target.anyIndex().toString()).isEqualTo("any index");
    }

    @Test
    void beforeAndAfterEventsFollowTheAction() {
        assertThat(DdlEvent.before(io.ddlguard.element.Action.DROP)).isEqualTo(DdlEvent.BEFORE_DROP);
        assertThat(DdlEvent.after(io.ddlguard.element.Action.CREATE)).isEqualTo(DdlEvent.AFTER_CREATE);
        assertThat(DdlEvent.BEFORE_ALTER.isBefore()).isTrue();
        assertThat(DdlEvent.AFTER_ALTER.isBefore()).isFalse();
    }
}
