package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/**
 * {@code TRUNCATE [TABLE] a [, b] [RESTART IDENTITY] [CASCADE]}. Its action is {@link Action#DROP}: it
 * removes every row, takes the same lock as a drop, and fires drop events. Immutable and thread-safe.
 */
public record TruncateTable(String sql, List<QualifiedName> names, boolean restartIdentity, boolean cascade)
        implements DdlElement {
    public TruncateTable {
        Objects.requireNonNull(sql, "sql");
        names = List.copyOf(names);
    }

    @Override public Action action() { return Action.DROP; }
    @Override public ObjectKind objectKind() { return ObjectKind.TABLE; }
}
