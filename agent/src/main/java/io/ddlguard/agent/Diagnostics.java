package io.ddlguard.agent;

import java.io.PrintStream;

/**
 * The agent's own messages: to {@code System.err}, prefixed {@code [ddlguard]}, never through a logging framework,
 * so that attaching the agent cannot initialise the application's logging before the application does (as
 * OpenTelemetry's agent keeps its diagnostics apart). Debug lines only with {@code -Dddlguard.debug=true} or the
 * agent argument {@code debug=true}. Thread-safe.
 */
final class Diagnostics {

    private static volatile boolean debug;

    private Diagnostics() {
    }

    static void debug(boolean on) {
        debug = on;
    }

    static boolean debugging() {
        return debug;
    }

    /** A line only when debugging. */
    static void debug(String message) {
        if (debug) {
            print(message);
        }
    }

    /** A line always: something the operator must see. */
    static void report(String message) {
        print(message);
    }

    /** A line and, when debugging, the stack of {@code failure}. */
    static void report(String message, Throwable failure) {
        PrintStream err = System.err;
        synchronized (err) {
            print(message + ": " + failure);
            if (debug) {
                failure.printStackTrace(err);
            }
        }
    }

    private static void print(String message) {
        System.err.println("[ddlguard] " + message);
    }
}
