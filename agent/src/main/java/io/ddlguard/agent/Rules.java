package io.ddlguard.agent;

import io.ddlguard.DdlGuard;
import io.ddlguard.DropPolicy;
import io.ddlguard.PoolMode;
import io.ddlguard.element.Dialect;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.Target;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a rules file says: the guard's settings and the listeners to register. Immutable.
 *
 * @param dropPolicy         {@code guard.drop-policy}
 * @param lockWait           {@code guard.lock-wait}
 * @param attemptTimeout     {@code guard.attempt-timeout}
 * @param captureStackTraces {@code guard.capture-stack-traces}
 * @param poolMode           {@code guard.pool-mode}
 * @param logRefusals        {@code guard.log-refusals}
 * @param dialect            {@code guard.dialect}, or empty to detect it per data source
 * @param name               {@code guard.name}, or empty to name each data source by its pool or class
 * @param listeners          {@code listeners}, in file order
 * @param serviceLoader      {@code java-listeners}: whether to register the {@code DdlListenerProvider}s on the
 *                           class path
 */
record Rules(DropPolicy dropPolicy, Duration lockWait, Duration attemptTimeout, boolean captureStackTraces,
             PoolMode poolMode, boolean logRefusals, Optional<Dialect> dialect, Optional<String> name,
             List<Listener> listeners, boolean serviceLoader) {

    /** No file: the guard's defaults, no listeners from a file, Java listeners from the class path. */
    static final Rules DEFAULTS = new Rules(DropPolicy.FAIL, DdlGuard.DEFAULT_LOCK_WAIT,
            DdlGuard.DEFAULT_ATTEMPT_TIMEOUT, true, PoolMode.TRANSACTION, true, Optional.empty(), Optional.empty(),
            List.of(), true);

    Rules {
        listeners = List.copyOf(listeners);
    }

    /** One {@code listeners} entry: {@code on}, {@code target} and the listener its {@code ddl} makes. */
    record Listener(DdlEvent event, Target target, DdlListener listener, int line) {
    }

    /** The guard these rules describe, firing {@code events}. */
    DdlGuard guard(DdlEvents events) {
        DdlGuard.Builder builder = DdlGuard.builder().events(events).dropPolicy(dropPolicy).lockWait(lockWait)
                .attemptTimeout(attemptTimeout).captureStackTraces(captureStackTraces).poolMode(poolMode)
                .logRefusals(logRefusals);
        if (dialect.isPresent()) {
            builder = builder.dialect(dialect.get());
        }
        if (name.isPresent()) {
            builder = builder.name(name.get());
        }
        return builder.build();
    }

    /** Registers the file's listeners with {@code events}, in file order. */
    void register(DdlEvents events) {
        for (Listener l : listeners) {
            events.listen(l.target(), l.event(), l.listener());
        }
    }
}
