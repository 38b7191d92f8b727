package io.ddlguard.event;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;

import java.util.Objects;
import java.util.Optional;

/**
 * Which objects a listener hears about ({@code Target.table("users")}, {@code Target.anyIndex()}), and the
 * object an event is about ({@link DdlEventContext#target()}).
 *
 * <p>A name given as a string is an identifier written without quotes, so it folds by the dialect's rule:
 * in PostgreSQL {@code Target.table("Users")} hears {@code CREATE TABLE users} and {@code CREATE TABLE Users}
 * but not {@code CREATE TABLE "Users"}; write {@code Target.table("\"Users\"")} for the quoted one. A target
 * without a schema hears the object in any schema. Immutable and thread-safe.
 *
 * @param kind the object kind, or empty for any kind
 * @param name the object's name, or empty for any name
 */
public record Target(Optional<ObjectKind> kind, Optional<QualifiedName> name) {

    private static final Target ANY = new Target(Optional.empty(), Optional.empty());
    private static final Target UNIT = new Target(Optional.of(ObjectKind.UNIT), Optional.empty());

    public Target {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The table {@code name} in any schema. */
    public static Target table(String name) {
        return of(ObjectKind.TABLE, null, name);
    }

    /** The table {@code schema.name}. */
    public static Target table(String schema, String name) {
        return of(ObjectKind.TABLE, schema, name);
    }

    /** Every table. */
    public static Target anyTable() {
        return new Target(Optional.of(ObjectKind.TABLE), Optional.empty());
    }

    /** The index {@code name} in any schema. */
    public static Target index(String name) {
        return of(ObjectKind.INDEX, null, name);
    }

    /** The index {@code schema.name}. */
    public static Target index(String schema, String name) {
        return of(ObjectKind.INDEX, schema, name);
    }

    /** Every index. */
    public static Target anyIndex() {
        return new Target(Optional.of(ObjectKind.INDEX), Optional.empty());
    }

    /** The sequence {@code name} in any schema. */
    public static Target sequence(String name) {
        return of(ObjectKind.SEQUENCE, null, name);
    }

    /** The sequence {@code schema.name}. */
    public static Target sequence(String schema, String name) {
        return of(ObjectKind.SEQUENCE, schema, name);
    }

    /** The schema {@code name} (a database in MySQL-family dialects). */
    public static Target schema(String name) {
        return of(ObjectKind.SCHEMA, null, name);
    }

    /** The view {@code name} in any schema (materialized views are {@code Target.of(MATERIALIZED_VIEW, ...)}). */
    public static Target view(String name) {
        return of(ObjectKind.VIEW, null, name);
    }

    /** The view {@code schema.name}. */
    public static Target view(String schema, String name) {
        return of(ObjectKind.VIEW, schema, name);
    }

    /** The constraint {@code name}, on any table. */
    public static Target constraint(String name) {
        return of(ObjectKind.CONSTRAINT, null, name);
    }

    /** Every object of {@code kind}. */
    public static Target any(ObjectKind kind) {
        return new Target(Optional.of(Objects.requireNonNull(kind, "kind")), Optional.empty());
    }

    /**
     * Every object of every kind that a statement creates, drops or alters. Not the unit of a
     * {@code createAll}/{@code dropAll} run: as SQLAlchemy keeps {@code MetaData} events apart from table events,
     * those are heard only by {@link #unit()}.
     */
    public static Target any() {
        return ANY;
    }

    /**
     * The whole of a {@code createAll} or {@code dropAll} run, SQLAlchemy's {@code MetaData} events: its
     * {@code BEFORE_*} event fires once before the run's first statement, its {@code AFTER_*} event once after the
     * last, with {@link DdlEventContext#tables()} the tables that really run, in run order (possibly none), and
     * {@link DdlEventContext#checkFirst()} the run's flag. The event's element is a
     * {@link io.ddlguard.element.UnitOfWork}.
     */
    public static Target unit() {
        return UNIT;
    }

    /** The object of {@code kind} named {@code name}; {@code schema} may be null (any schema). */
    public static Target of(ObjectKind kind, String schema, String name) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        return new Target(Optional.of(kind), Optional.of(QualifiedName.of(schema == null ? null : identifier(schema),
                identifier(name))));
    }

    /** The object of {@code kind} named exactly {@code name} (as parsed from SQL, quoting kept). */
    public static Target of(ObjectKind kind, QualifiedName name) {
        return new Target(Optional.of(Objects.requireNonNull(kind, "kind")), Optional.of(Objects.requireNonNull(name, "name")));
    }

    /** Whether this target, used as a filter, covers the object {@code kind} {@code objectName} in {@code dialect}. */
    public boolean matches(ObjectKind objectKind, Optional<QualifiedName> objectName, Dialect dialect) {
        if (kind.isPresent() ? kind.get() != objectKind : objectKind == ObjectKind.UNIT) {
            return false;
        }
        if (name.isEmpty()) {
            return true;
        }
        return objectName.isPresent() && name.get().matches(objectName.get(), dialect);
    }

    /** Whether this target, used as a filter, covers {@code object} in {@code dialect}. */
    public boolean matches(Target object, Dialect dialect) {
        return object.kind.isPresent() && matches(object.kind.get(), object.name, dialect);
    }

    @Override
    public String toString() {
        String k = kind.map(x -> x.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).orElse("object");
        return name.map(n -> k + " " + n).orElseGet(() -> "any " + k);
    }

    private static Identifier identifier(String written) {
        if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
            return Identifier.quoted(written.substring(1, written.length() - 1).replace("\"\"", "\""));
        }
        if (written.isBlank()) {
            throw new IllegalArgumentException("a target name cannot be blank");
        }
        return Identifier.of(written);
    }
}
