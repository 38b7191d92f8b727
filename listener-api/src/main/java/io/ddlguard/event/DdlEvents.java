package io.ddlguard.event;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry of DDL listeners: which listener hears which event for which target. Thread-safe:
 * listeners may be added and removed while events fire; an event fires to the listeners registered when
 * it started (a listener removed meanwhile may still hear that one event).
 */
public final class DdlEvents {

    private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();
    private final List<Registration> view = Collections.unmodifiableList(registrations);

    /** Registers {@code listener} for {@code event} on {@code target}; it runs after those registered before it. */
    public Registration listen(Target target, DdlEvent event, DdlListener listener) {
        Listening l = new Listening(Objects.requireNonNull(target, "target"), Objects.requireNonNull(event, "event"),
                Objects.requireNonNull(listener, "listener"));
        registrations.add(l);
        return l;
    }

    /**
     * The registrations in registration order: a live, read-only view whose iterators each see one consistent
     * snapshot.
     */
    public List<Registration> registrations() {
        return view;
    }

    /** Whether no listener is registered. */
    public boolean isEmpty() {
        return registrations.isEmpty();
    }

    /** Removes every listener. */
    public void clear() {
        registrations.clear();
    }

    @Override
    public String toString() {
        return "DdlEvents[" + registrations.size() + " listeners]";
    }

    private final class Listening implements Registration {
        private final Target target;
        private final DdlEvent event;
        private final DdlListener listener;

        Listening(Target target, DdlEvent event, DdlListener listener) {
            this.target = target;
            this.event = event;
            this.listener = listener;
        }

        @Override public Target target() { return target; }
        @Override public DdlEvent event() { return event; }
        @Override public DdlListener listener() { return listener; }

        @Override
        public void remove() {
            registrations.remove(this);
        }

        @Override
        public String toString() {
            return event + " on " + target + ": " + listener;
        }
    }
}
