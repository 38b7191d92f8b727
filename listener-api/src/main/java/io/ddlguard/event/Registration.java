package io.ddlguard.event;

/** A listener's registration; {@link #remove()} unregisters it. Thread-safe. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Unregisters the listener; calling it again does nothing. Events already being fired may still reach it once. */
    void remove();

    /** Same as {@link #remove()}, for try-with-resources. */
    @Override
    default void close() {
        remove();
    }
}
