package io.ddlguard.spring;

import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.Target;

import java.util.Objects;

/**
 * A {@link DdlListener} bean for one target and event, as Spring Boot's {@code FilterRegistrationBean} is for a
 * filter: the auto-configuration registers it with {@code events.listen(target, event, listener)}. Immutable.
 *
 * <pre>{@code
 * @Bean
 * DdlListenerRegistrationBean usersCheck() {
 *     return new DdlListenerRegistrationBean(Target.table("users"), DdlEvent.AFTER_CREATE,
 *             Ddl.of("ALTER TABLE %(fullname)s ADD CONSTRAINT ck_name CHECK (length(user_name) >= 8)"));
 * }
 * }</pre>
 *
 * @param target   the objects the listener hears
 * @param event    the event it hears
 * @param listener what runs
 */
public record DdlListenerRegistrationBean(Target target, DdlEvent event, DdlListener listener) {

    public DdlListenerRegistrationBean {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(listener, "listener");
    }
}
