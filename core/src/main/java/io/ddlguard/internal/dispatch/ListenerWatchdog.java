package io.ddlguard.internal.dispatch;

import io.ddlguard.DdlGuardState;
import io.ddlguard.internal.jdbc.ListenerScope;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds listeners in time without moving them off the caller's thread (a listener runs on the statement's own
 * connection and transaction, so it must run where the statement runs). One daemon thread for the whole JVM,
 * started by the first timed listener, waits for each timed run's deadline; a run that reaches it has the
 * statements open on its listener connection cancelled ({@link Statement#cancel()}, which reaches a statement
 * waiting in the database) and its thread interrupted (which reaches a listener waiting in Java). Thread-safe.
 */
final class ListenerWatchdog {

    private static final ReentrantLock STARTING = new ReentrantLock();
    /** @GuardedBy("STARTING") for the write; read without it once set. */
    private static volatile ScheduledThreadPoolExecutor timer;

    private ListenerWatchdog() {
    }

    /** Starts watching a listener about to run on the current thread for {@code timeout}. */
    static TimedRun start(Duration timeout) {
        TimedRun run = new TimedRun(timeout);
        run.alarm = timer().schedule(run, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return run;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = timer;
        if (t == null) {
            STARTING.lock();
            try {
                t = timer;
                if (t == null) {
                    t = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread thread = new Thread(r, "ddlguard-listener-watchdog");
                        thread.setDaemon(true);
                        return thread;
                    });
                    t.setRemoveOnCancelPolicy(true); // a finished run's alarm leaves the queue at once
                    timer = t;
                }
            } finally {
                STARTING.unlock();
            }
        }
        return t;
    }

    /** One timed listener run: the statements it opened, and whether its time ran out. */
    static final class TimedRun implements ListenerScope, Runnable {
        private final Duration timeout;
        private final Thread runner = Thread.currentThread();
        private final ReentrantLock lock = new ReentrantLock();
        /** @GuardedBy("lock") */
        private final List<Statement> statements = new ArrayList<>(2);
        /** @GuardedBy("lock") */
        private boolean finished;
        /** @GuardedBy("lock") */
        private boolean timedOut;
        private volatile ScheduledFuture<?> alarm;

        private TimedRun(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public void opened(Statement statement) {
            lock.lock();
            try {
                statements.add(statement);
            } finally {
                lock.unlock();
            }
        }

        /** The deadline passed: cancel what the listener runs in the database, interrupt what it waits for in Java. */
        @Override
        public void run() {
            lock.lock();
            try {
                if (finished) {
                    return;
                }
                timedOut = true;
                for (Statement s : statements) {
                    try {
                        if (!s.isClosed()) {
                            s.cancel();
                        }
                    } catch (SQLException | RuntimeException e) {
                        // a statement that cannot be cancelled is left to the interrupt and the listener
                    }
                }
                runner.interrupt();
            } finally {
                lock.unlock();
            }
        }

        /**
         * Called on the listener's thread once the listener returned or threw: stops the watch, and tells whether
         * the time ran out. If it did, the interrupt the watchdog sent is cleared, so it does not reach the caller.
         */
        boolean finish() {
            ScheduledFuture<?> a = alarm;
            if (a != null) {
                a.cancel(false);
            }
            lock.lock();
            try {
                finished = true;
                if (timedOut) {
                    Thread.interrupted();
                }
                return timedOut;
            } finally {
                lock.unlock();
            }
        }

        /** The failure reported for a listener whose time ran out; {@code thrown} is what it threw, if anything. */
        SQLException timedOut(Throwable thrown) {
            return new SQLException("the listener did not finish within " + timeout.toMillis()
                    + " ms (the listener timeout): its statement was cancelled and its thread interrupted",
                    DdlGuardState.LISTENER_TIMED_OUT.sqlState(), thrown);
        }
    }
}
