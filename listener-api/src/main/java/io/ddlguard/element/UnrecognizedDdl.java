package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DDL statement ddlguard could not read fully ({@code CREATE FUNCTION}, {@code GRANT}, {@code COMMENT ON},
 * a syntax error, ...). It still runs and still fires events, with what could be read: the action from its
 * first keyword, and the object kind and names where they could be found. Immutable and thread-safe.
 *
 * @param onTable the table it belongs to, when known ({@code CREATE TRIGGER ... ON t}, {@code CREATE POLICY ... ON t},
 *                {@code REINDEX TABLE t}, and every {@code ALTER TABLE t} subcommand outside the model, such as
 *                {@code OWNER TO} or {@code VALIDATE CONSTRAINT})
 */
public record UnrecognizedDdl(String sql, Action action, ObjectKind objectKind, List<QualifiedName> names,
                              Optional<QualifiedName> onTable) implements DdlElement {
    public UnrecognizedDdl {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(objectKind, "objectKind");
        names = List.copyOf(names);
        Objects.requireNonNull(onTable, "onTable");
    }

    @Override public Optional<QualifiedName> table() { return onTable; }
}
