package io.ddlguard.event;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;

import java.sql.Connection;
import java.util.List;

/** A context for calling conditions and templates without a database. */
record FakeContext(Target target, Dialect dialect, Connection connection) implements DdlEventContext {
    @Override public DdlEvent event() { return DdlEvent.AFTER_CREATE; }
    @Override public DdlElement element() { return null; }
    @Override public Object state() { return null; }
    @Override public List<QualifiedName> tables() { return List.of(); }
    @Override public boolean checkFirst() { return false; }
}
