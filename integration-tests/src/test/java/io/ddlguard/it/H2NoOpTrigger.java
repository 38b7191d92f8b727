package io.ddlguard.it;

import org.h2.api.Trigger;

import java.sql.Connection;

/** An H2 trigger that does nothing: H2 triggers are Java classes, and the corpus needs one to create. */
public final class H2NoOpTrigger implements Trigger {

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
        // Nothing to do: the corpus only creates and drops the trigger.
    }
}
