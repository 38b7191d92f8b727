package io.ddlguard.event;

/** A listener's registration with {@link DdlEvents}; {@link #remove()} unregisters it. Thread-safe. */
public interface Registration extends AutoCloseable {

    /** The objects the listener hears about. */
    Target target();

    /** The event it hears. */
    DdlEvent event();

    /** The listener. */
    DdlListener listener();

    /** Unregisters the listener; calling it again does nothing. An event already firing may still reach it once. */
    void remove();

    /** Same as {@link #remove()}, for try-with-resources. */
    @Override
    default void close() {
        remove();
    }
}
