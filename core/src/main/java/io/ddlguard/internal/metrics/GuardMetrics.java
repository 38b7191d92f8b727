package io.ddlguard.internal.metrics;

import io.ddlguard.DropPolicy;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.event.DdlEvent;

import java.util.List;

/**
 * Where the dispatcher and the guards report what they did, for meters. {@link #NONE} records nothing and reads
 * no clock, so a guard built without a meter registry pays one interface call per DDL statement and nothing on
 * other statements. Implementations are thread-safe and never throw.
 *
 * <p>Every duration is given as the {@link #start()} value taken before the measured work; an implementation that
 * records nothing returns 0 there and never reads the clock.
 */
public interface GuardMetrics {

    /** Records nothing. */
    GuardMetrics NONE = new GuardMetrics() {
        @Override
        public long start() {
            return 0;
        }

        @Override
        public void statements(List<DdlElement> elements, Dialect dialect, StatementOutcome outcome, long start) {
        }

        @Override
        public void listener(DdlEvent event, ListenerOutcome outcome, long start) {
        }

        @Override
        public void guardCheck(CheckOutcome outcome, long start) {
        }

        @Override
        public void blocked(DropPolicy policy, PolicyOutcome outcome, int holders) {
        }

        @Override
        public String toString() {
            return "GuardMetrics.NONE";
        }
    };

    /** The clock reading ({@link System#nanoTime()}) that the other methods measure from; 0 when not recording. */
    long start();

    /** One intercepted DDL text ran, or was refused: one sample per element, each with the text's duration. */
    void statements(List<DdlElement> elements, Dialect dialect, StatementOutcome outcome, long start);

    /** One listener ran. */
    void listener(DdlEvent event, ListenerOutcome outcome, long start);

    /** The guard checked, before a guarded statement ran, who holds its locks, and applied the policy. */
    void guardCheck(CheckOutcome outcome, long start);

    /** The guard found {@code holders} sessions holding or awaiting a statement's locks, and the policy did this. */
    void blocked(DropPolicy policy, PolicyOutcome outcome, int holders);

    /** What became of an intercepted DDL statement, as the caller saw it. */
    enum StatementOutcome {
        /** It ran, and the caller got its result. */
        SUCCESS,
        /** A before-listener vetoed it: it never reached the database. */
        VETOED,
        /** The guard refused it: {@code DropBlockedException}. */
        BLOCKED,
        /** The driver failed it, or an after-listener failed after it ran. */
        ERROR
    }

    /** How one listener ended. */
    enum ListenerOutcome {
        /** It returned. */
        SUCCESS,
        /** A before-listener threw, vetoing its statement. */
        VETOED,
        /** An after-listener threw. */
        FAILED
    }

    /** How one guard check ended. */
    enum CheckOutcome {
        /** Nothing held the statement's locks (or it takes none another session could hold). */
        CLEAR,
        /** Holders were found, and the policy let the statement go ahead: they went away, were ended, or LOG. */
        PROCEEDED,
        /** The policy refused the statement. */
        BLOCKED,
        /** Reading the locks failed inside a transaction; the error reached the caller. */
        ERROR
    }

    /** What the policy did when it found holders. */
    enum PolicyOutcome {
        /** {@code FAIL} refused the statement. */
        REFUSED,
        /** {@code WAIT} or {@code TERMINATE} waited until the holders were gone, without ending any. */
        CLEARED,
        /** {@code TERMINATE} ended some of the holders, and then the statement's locks were free. */
        TERMINATED,
        /** {@code LOG} logged the report and let the statement go ahead. */
        LOGGED,
        /** The lock wait was spent (or the waiting thread interrupted) before the holders were gone. */
        TIMED_OUT
    }
}
