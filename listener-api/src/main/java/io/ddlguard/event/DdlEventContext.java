package io.ddlguard.event;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;

import java.sql.Connection;
import java.util.List;

/**
 * What a listener is told about one event. Valid only during the call it is passed to; not thread-safe.
 */
public interface DdlEventContext {

    /** The event being fired. */
    DdlEvent event();

    /** The element the event is about (for a multi-action ALTER, the one action). */
    DdlElement element();

    /** The object the event is about: {@code Target.table("users")}, {@code Target.index("ix_users")}, ... */
    Target target();

    /**
     * The connection the statement runs on, in its transaction. SQL run on it fires no events. Do not close it.
     */
    Connection connection();

    /** The dialect of the database. */
    Dialect dialect();

    /**
     * The state object given to {@link ExecuteIf#when(ExecuteIf.Predicate, Object)} — the very same object —
     * when this context is passed to that predicate; otherwise null.
     */
    Object state();

    /**
     * The tables the unit of work handles: for a single statement, the tables it creates, drops or alters;
     * for a schema-wide run ({@code createAll}/{@code dropAll}), the tables that really run, in run order — in
     * the run's unit events ({@link Target#unit()}) and in the events of each of its statements alike.
     */
    List<QualifiedName> tables();

    /**
     * Whether the run checks for existence first ({@code createAll}/{@code dropAll} with checkFirst), in the run's
     * unit events and in the events of its statements; false for statements outside such a run.
     */
    boolean checkFirst();
}
