package io.ddlguard.element;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One change to a column: {@code ALTER [COLUMN] c TYPE | SET/DROP NOT NULL | SET/DROP DEFAULT}, and MySQL's
 * {@code MODIFY c ...} and {@code CHANGE old new ...}. Immutable and thread-safe.
 *
 * @param type          the new type as written, for {@link Change#TYPE} and {@link Change#REDEFINE}
 * @param defaultValue  the new default as written, for {@link Change#SET_DEFAULT}
 * @param newName       the new name given by MySQL's {@code CHANGE}, when it differs
 */
public record AlterColumn(String sql, QualifiedName onTable, Identifier column, Change change, Optional<String> type,
                          Optional<String> defaultValue, Optional<Identifier> newName) implements DdlElement {

    /** What is changed. */
    public enum Change {
        TYPE, SET_NOT_NULL, DROP_NOT_NULL, SET_DEFAULT, DROP_DEFAULT,
        /** MySQL {@code MODIFY}/{@code CHANGE}: the whole definition is given again. */
        REDEFINE,
        /** Any other column change ({@code SET STATISTICS}, {@code ADD GENERATED}, ...). */
        OTHER
    }

    public AlterColumn {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(onTable, "onTable");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(newName, "newName");
    }

    @Override public Action action() { return Action.ALTER; }
    @Override public ObjectKind objectKind() { return ObjectKind.COLUMN; }
    @Override public List<QualifiedName> names() { return List.of(QualifiedName.of(column)); }
    @Override public Optional<QualifiedName> table() { return Optional.of(onTable); }
}
