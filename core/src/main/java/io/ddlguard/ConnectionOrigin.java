package io.ddlguard;

import io.ddlguard.internal.jdbc.Plumbing;

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
     * The innermost frame of application code in the borrow stack: outside the JDK, ddlguard and its starter,
     * connection pools, Spring's AOP and proxies, and the frameworks that borrow for the application (the one list
     * of them is ddlguard's {@code Plumbing}); the first frame when none is, empty when the stack was not captured.
     */
    public Optional<StackTraceElement> caller() {
        List<StackTraceElement> application = Plumbing.applicationFrames(stack);
        if (!application.isEmpty()) {
            return Optional.of(application.get(0));
        }
        return stack.isEmpty() ? Optional.empty() : Optional.of(stack.get(0));
    }

    /**
     * The framework that borrowed the connection for the application, recognised from the innermost framework
     * frame of the stack below any application frame: {@code "Flyway"}, {@code "Liquibase"}, {@code "Hibernate"},
     * {@code "Spring JdbcTemplate"}, {@code "Spring's test context"}, {@code "jOOQ"}, {@code "MyBatis"}, ...;
     * empty when application code borrowed it itself, or when the stack was not captured.
     */
    public Optional<String> openedBy() {
        return Plumbing.openedBy(stack);
    }
}
