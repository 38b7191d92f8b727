package io.ddlguard.event;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A condition under which a listener runs: a set of dialects (matched by name or family, so {@code "mysql"}
 * covers MariaDB), a predicate, or both — the dialect test first, then the predicate. SQLAlchemy's
 * {@code DDLElement.execute_if}. Immutable and thread-safe (as long as the predicate is).
 */
public final class ExecuteIf {

    /**
     * Decides whether a conditional listener runs. Runs on the statement's thread; SQL it runs on
     * {@code connection} fires no events; throwing from it counts as the listener throwing.
     */
    @FunctionalInterface
    public interface Predicate {
        boolean test(DdlElement element, Target target, Connection connection, DdlEventContext ctx) throws SQLException;
    }

    private final List<String> dialects;
    private final Predicate predicate;
    private final Object state;

    private ExecuteIf(List<String> dialects, Predicate predicate, Object state) {
        this.dialects = dialects;
        this.predicate = predicate;
        this.state = state;
    }

    /** Runs only on these dialects (names or families: {@code "postgresql"}, {@code "mysql"}, ...). */
    public static ExecuteIf dialect(String... names) {
        return new ExecuteIf(names(names), null, null);
    }

    /** Runs only when {@code predicate} says so. */
    public static ExecuteIf when(Predicate predicate) {
        return when(predicate, null);
    }

    /** Runs only when {@code predicate} says so; the predicate's context returns {@code state} from {@code state()}. */
    public static ExecuteIf when(Predicate predicate, Object state) {
        return new ExecuteIf(List.of(), Objects.requireNonNull(predicate, "predicate"), state);
    }

    /** A copy that also requires {@code predicate} (tested after the dialect). */
    public ExecuteIf andWhen(Predicate predicate, Object state) {
        Objects.requireNonNull(predicate, "predicate");
        Predicate combined = this.predicate == null ? predicate : and(this.predicate, this.state, predicate);
        return new ExecuteIf(dialects, combined, state);
    }

    /** A copy that also requires one of these dialects. */
    public ExecuteIf andDialect(String... names) {
        return new ExecuteIf(Stream.concat(dialects.stream(), names(names).stream()).distinct().toList(), predicate, state);
    }

    /** Whether a listener under this condition runs for {@code ctx}. */
    public boolean test(DdlEventContext ctx) throws SQLException {
        if (!dialects.isEmpty() && !matchesDialect(ctx.dialect())) {
            return false;
        }
        if (predicate == null) {
            return true;
        }
        DdlEventContext withState = new StatefulContext(ctx, state);
        return predicate.test(ctx.element(), ctx.target(), ctx.connection(), withState);
    }

    /** {@code listener}, run only when this condition holds. */
    public DdlListener guard(DdlListener listener) {
        Objects.requireNonNull(listener, "listener");
        return ctx -> {
            if (test(ctx)) {
                listener.onEvent(ctx);
            }
        };
    }

    private boolean matchesDialect(Dialect dialect) {
        for (String d : dialects) {
            if (dialect.is(d)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("ExecuteIf.dialect needs at least one dialect name");
        }
        return Stream.of(names).map(n -> Objects.requireNonNull(n, "dialect").strip().toLowerCase(Locale.ROOT)).toList();
    }

    private static Predicate and(Predicate first, Object firstState, Predicate second) {
        return (element, target, connection, ctx) ->
                first.test(element, target, connection, new StatefulContext(ctx, firstState))
                        && second.test(element, target, connection, ctx);
    }

    @Override
    public String toString() {
        return "ExecuteIf[dialects=" + dialects + (predicate == null ? "" : ", predicate") + "]";
    }

    /** A context whose {@code state()} is the condition's state object. */
    private record StatefulContext(DdlEventContext ctx, Object state) implements DdlEventContext {
        @Override public DdlEvent event() { return ctx.event(); }
        @Override public DdlElement element() { return ctx.element(); }
        @Override public Target target() { return ctx.target(); }
        @Override public Connection connection() { return ctx.connection(); }
        @Override public Dialect dialect() { return ctx.dialect(); }
        @Override public java.util.List<io.ddlguard.element.QualifiedName> tables() { return ctx.tables(); }
        @Override public boolean checkFirst() { return ctx.checkFirst(); }
    }
}
