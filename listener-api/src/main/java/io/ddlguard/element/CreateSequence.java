package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/** {@code CREATE [TEMPORARY] SEQUENCE [IF NOT EXISTS] name ...}. Immutable and thread-safe. */
public record CreateSequence(String sql, QualifiedName name, boolean temporary, boolean ifNotExists)
        implements DdlElement {
    public CreateSequence {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(name, "name");
    }

    @Override public Action action() { return Action.CREATE; }
    @Override public ObjectKind objectKind() { return ObjectKind.SEQUENCE; }
    @Override public List<QualifiedName> names() { return List.of(name); }
}
