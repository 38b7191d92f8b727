package io.ddlguard;

import io.ddlguard.element.DdlElement;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.Target;

import java.sql.SQLNonTransientException;

/**
 * A {@code BEFORE_*} listener threw, so the statement was not run: nothing reached the database and the
 * connection is as it was. SQLState {@code DG001}; the listener's exception is the cause.
 */
public final class DdlVetoException extends SQLNonTransientException {
    private static final long serialVersionUID = 1L;

    private final transient DdlElement element;
    private final DdlEvent event;
    private final transient Target target;

    public DdlVetoException(DdlElement element, DdlEvent event, Target target, Throwable cause) {
        super(event + " listener for " + target + " vetoed: " + element.sql() + " (" + cause + ")",
                DdlGuardState.VETOED.sqlState(), cause);
        this.element = element;
        this.event = event;
        this.target = target;
    }

    /** The element that was refused. */
    public DdlElement element() {
        return element;
    }

    /** The event whose listener refused it. */
    public DdlEvent event() {
        return event;
    }

    /** The object the refusing listener was told about. */
    public Target target() {
        return target;
    }
}
