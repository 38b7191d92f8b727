package io.ddlguard.it;

import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.DdlListenerProvider;
import io.ddlguard.event.Target;

import java.sql.SQLException;

/**
 * Java listeners the agent finds with {@code ServiceLoader} in the sample application's child JVM ({@link AgentIT}
 * puts this class and its service file on that class path): one stdout line per event heard, and a veto of any
 * DROP of table {@code protected}.
 */
public final class PrintingListeners implements DdlListenerProvider {

    @Override
    public void register(DdlEvents events) {
        for (DdlEvent event : DdlEvent.values()) {
            events.listen(Target.any(), event, ctx -> System.out.println("listener: " + ctx.event() + " "
                    + ctx.target()));
        }
        events.listen(Target.table("protected"), DdlEvent.BEFORE_DROP, ctx -> {
            throw new SQLException("protected tables are never dropped");
        });
    }
}
