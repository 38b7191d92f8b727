package io.ddlguard.internal.dispatch;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEventContext;
import io.ddlguard.event.Target;

import java.sql.Connection;
import java.util.List;

/** The context of one event for one listener. */
record EventContext(DdlEvent event, DdlElement element, Target target, Connection connection, Dialect dialect,
                    List<QualifiedName> tables, boolean checkFirst) implements DdlEventContext {

    @Override
    public Object state() {
        return null;
    }
}
