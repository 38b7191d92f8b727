package io.ddlguard.schema;

import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table as the schema tools see it: its name, its foreign keys, and — when it came from SQL text — the
 * statements that create it. Reflected tables carry no statements: they can be sorted and dropped, not created.
 * Immutable and thread-safe.
 *
 * @param name        the table's name, as written in SQL or, when reflected, as the catalog stores it (quoted)
 * @param foreignKeys its foreign keys, in definition order
 * @param definition  the {@code CREATE TABLE} statement that creates it, when known
 * @param indexes     the {@code CREATE INDEX} statements on it that {@code createAll} runs right after it
 */
public record Table(QualifiedName name, List<ForeignKey> foreignKeys, Optional<CreateTable> definition,
                    List<CreateIndex> indexes) {

    public Table {
        Objects.requireNonNull(name, "name");
        foreignKeys = List.copyOf(foreignKeys);
        Objects.requireNonNull(definition, "definition");
        indexes = List.copyOf(indexes);
        for (ForeignKey fk : foreignKeys) {
            if (!fk.table().equals(name)) {
                throw new IllegalArgumentException("foreign key " + fk + " belongs to " + fk.table() + ", not " + name);
            }
        }
        if (definition.isPresent() && !definition.get().name().equals(name)) {
            throw new IllegalArgumentException("table " + name + " cannot be created by " + definition.get().sql());
        }
    }

    /** A table without a statement that creates it (built by hand or reflected). */
    public static Table of(QualifiedName name, List<ForeignKey> foreignKeys) {
        return new Table(name, foreignKeys, Optional.empty(), List.of());
    }

    /** The table {@code create} creates, with the foreign keys it declares, inline and table-level. */
    public static Table of(CreateTable create) {
        List<ForeignKey> fks = new ArrayList<>();
        for (ConstraintDefinition c : create.foreignKeys()) {
            fks.add(new ForeignKey(create.name(), c, false));
        }
        return new Table(create.name(), fks, Optional.of(create), List.of());
    }

    /** This table with one more foreign key. */
    public Table withForeignKey(ForeignKey fk) {
        List<ForeignKey> fks = new ArrayList<>(foreignKeys);
        fks.add(fk);
        return new Table(name, fks, definition, indexes);
    }

    /** This table with one more index to create after it. */
    public Table withIndex(CreateIndex index) {
        List<CreateIndex> all = new ArrayList<>(indexes);
        all.add(index);
        return new Table(name, foreignKeys, definition, all);
    }

    /** Whether {@code fk} is declared in this table's {@code CREATE TABLE} text (rather than added by ALTER). */
    boolean declares(ForeignKey fk) {
        return definition.isPresent() && definition.get().foreignKeys().contains(fk.constraint());
    }

    @Override
    public String toString() {
        return name.toString();
    }
}
