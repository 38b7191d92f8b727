package io.ddlguard.element;

/** The kind of database object a DDL element creates, drops or alters. */
public enum ObjectKind {
    TABLE,
    VIEW,
    MATERIALIZED_VIEW,
    INDEX,
    SEQUENCE,
    SCHEMA,
    DATABASE,
    CONSTRAINT,
    COLUMN,
    TYPE,
    DOMAIN,
    FUNCTION,
    PROCEDURE,
    TRIGGER,
    POLICY,
    EXTENSION,
    ROLE,
    SYNONYM,
    RULE,
    EVENT,
    /**
     * A whole {@code createAll}/{@code dropAll} run ({@link UnitOfWork}), SQLAlchemy's {@code MetaData} events.
     * Heard only by {@code Target.unit()}: {@code Target.any()} does not cover it.
     */
    UNIT,
    /** Anything else, or a kind that could not be read. */
    OTHER
}
