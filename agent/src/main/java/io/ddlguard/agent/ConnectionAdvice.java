package io.ddlguard.agent;

import net.bytebuddy.asm.Advice;

import java.sql.Connection;

/**
 * The code woven into {@code DataSource.getConnection(..)} and {@code Driver.connect(String, Properties)}: it only
 * hands off to {@link Interception}. {@code suppress} keeps any failure of the advice itself (a class it cannot
 * see, say) from reaching the application; the method's own result and exceptions pass unchanged.
 */
final class ConnectionAdvice {

    private ConnectionAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
        Interception.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object source,
                     @Advice.Return(readOnly = false) Connection connection,
                     @Advice.Thrown Throwable thrown) {
        connection = Interception.exit(source, connection, thrown);
    }
}
