package io.ddlguard.internal.dispatch;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ListenerWatchdogTest {

    @Test
    void aRunThatOverrunsHasItsOpenStatementsCancelledAndItsThreadInterruptedThenTheInterruptIsCleared() {
        ListenerWatchdog.TimedRun run = ListenerWatchdog.start(Duration.ofHours(1));
        AtomicInteger cancelled = new AtomicInteger();
        run.opened(statement(cancelled, false));
        run.opened(statement(cancelled, true));

        run.run(); // what the watchdog does when the time is up

        assertThat(cancelled).as("the open statement was cancelled, the closed one left alone").hasValue(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(run.finish()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("finish clears the watchdog's interrupt").isFalse();
        SQLException failure = run.timedOut(null);
        assertThat(failure.getSQLState()).isEqualTo("DG004");
        assertThat((Throwable) failure).hasMessageContaining("within 3600000 ms");
    }

    @Test
    void theWatchdogInterruptsAListenerWaitingInJavaWhenItsTimeIsUp() {
        ListenerWatchdog.TimedRun run = ListenerWatchdog.start(Duration.ofMillis(20));

        InterruptedException interrupted = catchThrowableOfType(InterruptedException.class,
                () -> new CountDownLatch(1).await());

        assertThat(interrupted).isNotNull();
        assertThat(run.finish()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat((Throwable) run.timedOut(interrupted)).hasMessageContaining("within 20 ms").hasCause(interrupted);
    }

    @Test
    void aRunThatFinishesInTimeIsNeitherCancelledNorInterrupted() throws Exception {
        ListenerWatchdog.TimedRun run = ListenerWatchdog.start(Duration.ofHours(1));
        AtomicInteger cancelled = new AtomicInteger();
        run.opened(statement(cancelled, false));

        assertThat(run.finish()).isFalse();
        run.run(); // an alarm that fires after the listener finished changes nothing

        assertThat(cancelled).hasValue(0);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void everyTimedRunSharesOneDaemonWatchdogThread() {
        ListenerWatchdog.start(Duration.ofHours(1)).finish();
        ListenerWatchdog.start(Duration.ofHours(1)).finish();

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("ddlguard-listener-watchdog"))
                .singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
    }

    private static Statement statement(AtomicInteger cancelled, boolean closed) {
        return (Statement) Proxy.newProxyInstance(ListenerWatchdogTest.class.getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "cancel" -> {
                        cancelled.incrementAndGet();
                        yield null;
                    }
                    case "isClosed" -> closed;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
