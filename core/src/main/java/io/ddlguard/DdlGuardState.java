package io.ddlguard;

/**
 * The SQLStates of ddlguard's own exceptions. None is in class 08 (connection exception) or 57P0x
 * (operator intervention), so connection pools keep a connection that received one.
 */
public enum DdlGuardState {

    /** A {@code BEFORE_*} listener refused the statement; it never reached the database. */
    VETOED("DG001"),

    /** The statement ran, but an {@code AFTER_*} listener failed. */
    LISTENER_FAILED("DG002"),

    /** {@code dropAll} cannot order its tables: unnamed foreign keys form a cycle. Nothing was dropped. */
    UNSORTABLE("DG003"),

    /**
     * A listener did not finish within {@code DdlGuard.Builder.listenerTimeout}: its statement was cancelled and its
     * thread interrupted. The cause of the {@link DdlVetoException} or {@link DdlListenerException} that reports it.
     */
    LISTENER_TIMED_OUT("DG004"),

    /**
     * A listener tried to close (or abort) the connection it was given: that connection is the statement's own,
     * and stays open for the statement and its caller.
     */
    CLOSE_REFUSED("DG005"),

    /** PostgreSQL's lock_not_available: the statement could not get its locks in time. */
    LOCK_NOT_AVAILABLE("55P03");

    private final String sqlState;

    DdlGuardState(String sqlState) {
        this.sqlState = sqlState;
    }

    /** The five-character SQLState. */
    public String sqlState() {
        return sqlState;
    }
}
