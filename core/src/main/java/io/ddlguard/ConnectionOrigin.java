package io.ddlguard;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a guard knows about a connection it handed out: where and when it was borrowed, its transaction mode and
 * the result sets still open on it. Part of a {@link LockHolder} when the holder is one of this application's
 * own connections. A snapshot taken when the report was built; immutable.
 *
 * @param dataSource     the name of the guarded data source it came from
 * @param borrowedAt     when {@code getConnection()} returned it
 * @param thread         the name of the thread that borrowed it
 * @param stack          the stack of {@code getConnection()}, innermost frame first, ddlguard's own frames removed;
 *                       empty when the guard was built with {@code captureStackTraces(false)}
 * @param autoCommit     whether the connection is in auto-commit mode
 * @param transactionMark when not in auto-commit: the last time auto-commit was turned off or the connection
 *                       committed or rolled back, so its current transaction began at or after this instant
 * @param openResultSets the SQL of each result set opened on it and not yet closed, oldest first
 * @param threadNow      when {@code stack} is empty because borrow stacks are not captured: where the thread that
 *                       borrowed the connection was when the report was built, innermost frame first, if that
 *                       thread is still alive (it may since have moved on to other work); empty otherwise
 */
public record ConnectionOrigin(String dataSource, Instant borrowedAt, String thread, List<StackTraceElement> stack,
                               boolean autoCommit, Optional<Instant> transactionMark, List<String> openResultSets,
                               List<StackTraceElement> threadNow) {

    public ConnectionOrigin {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(borrowedAt, "borrowedAt");
        Objects.requireNonNull(thread, "thread");
        stack = List.copyOf(stack);
        Objects.requireNonNull(transactionMark, "transactionMark");
        openResultSets = List.copyOf(openResultSets);
        threadNow = List.copyOf(threadNow);
    }

    /** An origin without the borrowing thread's current stack. */
    public ConnectionOrigin(String dataSource, Instant borrowedAt, String thread, List<StackTraceElement> stack,
                            boolean autoCommit, Optional<Instant> transactionMark, List<String> openResultSets) {
        this(dataSource, borrowedAt, thread, stack, autoCommit, transactionMark, openResultSets, List.of());
    }

    /**
     * The innermost stack frame outside the JDK, connection pools and frameworks' JDBC plumbing: the line of
     * application code that borrowed the connection, when the stack was captured.
     */
    public Optional<StackTraceElement> caller() {
        for (StackTraceElement frame : stack) {
            if (!isPlumbing(frame.getClassName())) {
                return Optional.of(frame);
            }
        }
        return stack.isEmpty() ? Optional.empty() : Optional.of(stack.get(0));
    }

    /**
     * The migration or persistence tool that borrowed the connection, recognised from the first frame of the stack
     * outside the JDK, connection pools, Spring's JDBC support and ddlguard: {@code "Flyway"}, {@code "Liquibase"}
     * or {@code "Hibernate"}; empty for any other code, or when the stack was not captured.
     */
    public Optional<String> openedBy() {
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            if (className.startsWith("org.flywaydb.")) {
                return Optional.of("Flyway");
            }
            if (className.startsWith("liquibase.")) {
                return Optional.of("Liquibase");
            }
            if (className.startsWith("org.hibernate.")) {
                return Optional.of("Hibernate");
            }
            if (!isPlumbing(className)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean isPlumbing(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.zaxxer.hikari.")
                || className.startsWith("org.springframework.jdbc.") || className.startsWith("org.hibernate.")
                || className.startsWith("org.apache.commons.dbcp") || className.startsWith("org.apache.tomcat.jdbc.")
                || className.startsWith("org.flywaydb.") || className.startsWith("liquibase.")
                || className.startsWith("io.ddlguard.internal.");
    }
}
