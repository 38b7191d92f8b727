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
    /** Anything else, or a kind that could not be read. */
    OTHER
}
