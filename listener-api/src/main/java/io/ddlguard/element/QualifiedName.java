package io.ddlguard.element;

import java.util.Objects;
import java.util.Optional;

/**
 * A possibly qualified object name: {@code [catalog.][schema.]name}.
 *
 * <p>In MySQL-family dialects the qualifier ({@code db.table}) is the database, which MySQL calls a
 * schema, so it is the {@link #schema()}. Immutable and thread-safe.
 */
public record QualifiedName(Optional<Identifier> catalog, Optional<Identifier> schema, Identifier name) {

    public QualifiedName {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (catalog.isPresent() && schema.isEmpty()) {
            throw new IllegalArgumentException("a catalog needs a schema: " + catalog.get() + ".?." + name);
        }
    }

    /** An unqualified name. */
    public static QualifiedName of(Identifier name) {
        return new QualifiedName(Optional.empty(), Optional.empty(), name);
    }

    /** A schema-qualified name; {@code schema} may be null. */
    public static QualifiedName of(Identifier schema, Identifier name) {
        return new QualifiedName(Optional.empty(), Optional.ofNullable(schema), name);
    }

    /** An unqualified, unquoted name. */
    public static QualifiedName of(String name) {
        return of(Identifier.of(name));
    }

    /** A schema-qualified, unquoted name; {@code schema} may be null. */
    public static QualifiedName of(String schema, String name) {
        return of(schema == null ? null : Identifier.of(schema), Identifier.of(name));
    }

    /**
     * Whether this name and {@code other} name the same object in {@code dialect}. A missing schema on
     * either side matches any schema (the statement's default schema is not known here).
     */
    public boolean matches(QualifiedName other, Dialect dialect) {
        if (other == null || !name.matches(other.name, dialect)) {
            return false;
        }
        return schema.isEmpty() || other.schema.isEmpty() || schema.get().matches(other.schema.get(), dialect);
    }

    /** The name as SQL would show it, quoted parts in double quotes. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        catalog.ifPresent(c -> sb.append(c).append('.'));
        schema.ifPresent(s -> sb.append(s).append('.'));
        return sb.append(name).toString();
    }
}
