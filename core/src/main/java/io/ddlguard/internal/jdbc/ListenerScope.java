package io.ddlguard.internal.jdbc;

import java.sql.Statement;

/**
 * What makes a connection the one a listener is given ({@code ctx.connection()}): it refuses to be closed, and it
 * tells this scope about every statement opened on it, so that a listener that overruns its time can have the
 * statement it is running cancelled. Implementations are thread-safe: {@link #opened} runs on the listener's thread
 * while a watchdog may read what it was told.
 */
public interface ListenerScope {

    /** The scope of a listener without a time limit: nothing to watch. */
    ListenerScope UNTIMED = statement -> { };

    /** {@code statement}, the driver's (or pool's), was just opened on the listener's connection. */
    void opened(Statement statement);
}
