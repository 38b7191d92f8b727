package io.ddlguard.it;

import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Target;

import javax.sql.DataSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the migration suites record: every DDL event a migration tool's statements fire through a guarded data
 * source, as {@code "BEFORE_CREATE table customer"}, in firing order. Thread-safe.
 */
final class MigrationEvents {

    private final List<String> fired = new CopyOnWriteArrayList<>();
    private final DdlEvents events = new DdlEvents();

    MigrationEvents() {
        for (DdlEvent event : DdlEvent.values()) {
            events.listen(Target.any(), event, ctx -> fired.add(event + " " + ctx.target()));
        }
    }

    /** {@code pool} wrapped by a guard with default settings that fires these events. */
    DataSource guard(DataSource pool) {
        return DdlGuard.builder().events(events).build().wrap(pool);
    }

    /**
     * Every event fired so far, with names lower-cased, unquoted and without their schema, so that the engines
     * compare equal.
     */
    List<String> all() {
        return fired.stream().map(e -> e.replace("\"", "").replace("`", "").replaceAll(" [^ ]+\\.", " ")
                .toLowerCase(Locale.ROOT)).toList();
    }

    /** The events whose target names contain none of {@code excluded}. */
    List<String> without(String... excluded) {
        return all().stream().filter(e -> {
            for (String x : excluded) {
                if (e.contains(x)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** The {@link DropBlockedException} somewhere in the cause chain of {@code e}, or null. */
    static DropBlockedException blocked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DropBlockedException blocked) {
                return blocked;
            }
        }
        return null;
    }
}
