package io.ddlguard.element;

import java.util.List;
import java.util.Optional;

/**
 * One DDL operation read from SQL text (or built by hand, as {@link Ddl}).
 *
 * <p>A statement with several actions ({@code ALTER TABLE t ADD c int, DROP d}) gives one element per
 * action, all sharing the statement's {@link #sql()}. Every implementation is an immutable record and
 * thread-safe.
 */
public sealed interface DdlElement
        permits CreateTable, DropTable, CreateIndex, DropIndex, CreateView, DropView, CreateSequence,
        DropSequence, CreateSchema, DropSchema, AddConstraint, DropConstraint, AddColumn, DropColumn,
        AlterColumn, RenameTable, RenameColumn, TruncateTable, Ddl, UnrecognizedDdl {

    /** The statement text this element came from, or the text it renders to. */
    String sql();

    /** Whether it creates, drops or alters; decides which events fire. */
    Action action();

    /** The kind of the objects in {@link #names()}. */
    ObjectKind objectKind();

    /** The objects created, dropped or altered, in statement order; empty when unnamed or unknown. */
    List<QualifiedName> names();

    /** The table an index, constraint or column belongs to; empty for other elements. */
    default Optional<QualifiedName> table() {
        return Optional.empty();
    }
}
