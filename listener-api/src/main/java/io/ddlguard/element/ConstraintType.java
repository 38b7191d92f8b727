package io.ddlguard.element;

/** The kind of a table constraint. */
public enum ConstraintType {
    PRIMARY_KEY,
    UNIQUE,
    FOREIGN_KEY,
    CHECK,
    EXCLUDE,
    /** {@code NOT NULL} written as a named constraint, or a kind not listed here. */
    OTHER
}
