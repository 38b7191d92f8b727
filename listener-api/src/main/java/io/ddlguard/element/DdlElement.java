package io.ddlguard.element;

import io.ddlguard.event.DdlEventContext;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.ExecuteIf;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * One DDL operation read from SQL text (or built by hand, as {@link Ddl}).
 *
 * <p>A statement with several actions ({@code ALTER TABLE t ADD c int, DROP d}) gives one element per
 * action, all sharing the statement's {@link #sql()}. Every implementation is an immutable record and
 * thread-safe.
 *
 * <p>Every element is also a {@link DdlListener} that runs its own {@link #sql()} on the event's connection,
 * as SQLAlchemy's DDL elements do: register it as is to run it always, or {@link #executeIf} to run it
 * conditionally.
 */
public sealed interface DdlElement extends DdlListener
        permits CreateTable, DropTable, CreateIndex, DropIndex, CreateView, DropView, CreateSequence,
        DropSequence, CreateSchema, DropSchema, AddConstraint, DropConstraint, AddColumn, DropColumn,
        AlterColumn, RenameTable, RenameColumn, RenameIndex, RenameView, RenameSequence, TruncateTable, Ddl,
        UnrecognizedDdl, UnitOfWork {

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

    /** Runs this element's SQL on the event's connection (which fires no further events). */
    @Override
    default void onEvent(DdlEventContext ctx) throws SQLException {
        try (Statement statement = ctx.connection().createStatement()) {
            statement.execute(sql());
        }
    }

    /** A listener that runs this element only when {@code condition} holds; this element stays unconditional. */
    default DdlListener executeIf(ExecuteIf condition) {
        return condition.guard(this);
    }
}
