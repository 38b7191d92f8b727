package io.ddlguard.event;

import java.sql.SQLException;

/**
 * Called before or after a DDL statement, on the thread that runs the statement, with the statement's
 * connection (so in its transaction).
 *
 * <p>The contract, for every listener registered with {@link DdlEvents#listen}:
 * <ul>
 *   <li>Listeners run in registration order; for {@code DROP TABLE a, b} the before-listeners run for
 *       {@code a} then {@code b}, the statement runs once, then the after-listeners for {@code a} then {@code b}.</li>
 *   <li>Throwing from a {@code BEFORE_*} listener vetoes the statement: it never reaches the database, later
 *       listeners do not run, and the caller receives a {@code DdlVetoException} whose cause is what was thrown.</li>
 *   <li>{@code AFTER_*} listeners run only when the statement succeeded. If one throws, the statement's
 *       effects stand, the remaining after-listeners still run, and the caller receives a
 *       {@code DdlListenerException} that carries the statement's own result.</li>
 *   <li>SQL a listener runs on {@link DdlEventContext#connection()} fires no events.</li>
 * </ul>
 * Implementations registered on a shared {@link DdlEvents} are called from many threads at once and must
 * be thread-safe.
 */
@FunctionalInterface
public interface DdlListener {

    /** Handles one event. */
    void onEvent(DdlEventContext ctx) throws SQLException;

    /** A listener that does nothing. */
    DdlListener NO_OP = ctx -> { };
}
