package io.ddlguard;

import io.ddlguard.element.DdlElement;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.Target;

import java.sql.SQLException;

/**
 * The statement ran and its effects stand, but an {@code AFTER_*} listener failed. SQLState {@code DG002}; the
 * first failure is the cause, later ones are suppressed. {@link #statementResult()} is what the driver
 * returned for the statement (an update count, a boolean, an {@code int[]} for a batch, ...).
 *
 * <p>What "its effects stand" means depends on the database: where DDL is transactional (PostgreSQL, SQL
 * Server) and the connection is not in auto-commit, the caller may still roll the transaction back, and on
 * PostgreSQL must, if the listener's failed SQL aborted it; where each DDL statement commits by itself
 * (MySQL, MariaDB, Oracle, H2, SQLite) the statement's effect is permanent.
 */
public final class DdlListenerException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final transient Object statementResult;
    private final transient DdlElement element;
    private final DdlEvent event;
    private final transient Target target;

    public DdlListenerException(DdlElement element, DdlEvent event, Target target, Object statementResult,
                                Throwable cause) {
        super(event + " listener for " + target + " failed after: " + element.sql() + " (" + cause + ")",
                DdlGuardState.LISTENER_FAILED.sqlState(), cause);
        this.element = element;
        this.event = event;
        this.target = target;
        this.statementResult = statementResult;
    }

    /** What the driver returned for the statement, which succeeded. */
    public Object statementResult() {
        return statementResult;
    }

    /** The element whose after-listener failed first. */
    public DdlElement element() {
        return element;
    }

    /** The event of the first failing listener. */
    public DdlEvent event() {
        return event;
    }

    /** The object the first failing listener was told about. */
    public Target target() {
        return target;
    }
}
