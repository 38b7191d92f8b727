package io.ddlguard.element;

import java.util.List;
import java.util.Objects;

/**
 * {@code CREATE SCHEMA [IF NOT EXISTS] name} (also {@code AUTHORIZATION role} alone, named after the role),
 * and in MySQL-family dialects {@code CREATE DATABASE}, which is the same thing there. Immutable and thread-safe.
 */
public record CreateSchema(String sql, QualifiedName name, boolean ifNotExists) implements DdlElement {
    public CreateSchema {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(name, "name");
    }

    @Override public Action action() { return Action.CREATE; }
    @Override public ObjectKind objectKind() { return ObjectKind.SCHEMA; }
    @Override public List<QualifiedName> names() { return List.of(name); }
}
