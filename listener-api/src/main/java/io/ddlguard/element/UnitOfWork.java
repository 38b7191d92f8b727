package io.ddlguard.element;

import io.ddlguard.event.DdlEventContext;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * A whole {@code createAll} or {@code dropAll} run: the element of the unit-level events that fire before its
 * first statement and after its last ({@code Target.unit()}), SQLAlchemy's {@code MetaData} events. Immutable
 * and thread-safe.
 *
 * @param action     {@link Action#CREATE} for {@code createAll}, {@link Action#DROP} for {@code dropAll}
 * @param tables     the tables that really run, in run order (without those {@code checkFirst} skipped)
 * @param checkFirst whether the run checked for existence first
 * @param statements the statements of the run, in run order
 */
public record UnitOfWork(Action action, List<QualifiedName> tables, boolean checkFirst, List<String> statements)
        implements DdlElement {
    public UnitOfWork {
        Objects.requireNonNull(action, "action");
        if (action == Action.ALTER) {
            throw new IllegalArgumentException("a unit of work creates or drops, it does not alter");
        }
        tables = List.copyOf(tables);
        statements = List.copyOf(statements);
    }

    /** The statements of the run, each ending with {@code ;}, one per line. */
    @Override
    public String sql() {
        StringBuilder sb = new StringBuilder();
        for (String s : statements) {
            sb.append(s).append(";\n");
        }
        return sb.toString();
    }

    @Override public ObjectKind objectKind() { return ObjectKind.UNIT; }
    @Override public List<QualifiedName> names() { return tables; }

    /** Runs the run's statements one by one on the event's connection (which fires no further events). */
    @Override
    public void onEvent(DdlEventContext ctx) throws SQLException {
        try (Statement statement = ctx.connection().createStatement()) {
            for (String s : statements) {
                statement.execute(s);
            }
        }
    }
}
