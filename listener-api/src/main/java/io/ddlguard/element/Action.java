package io.ddlguard.element;

/** What a DDL element does to its object; decides which events it fires. */
public enum Action {
    /** Creates an object (also {@code ADD CONSTRAINT}); fires create events. */
    CREATE,
    /** Drops an object (also {@code DROP CONSTRAINT} and {@code TRUNCATE}); fires drop events. */
    DROP,
    /** Changes an object in place; fires alter events. */
    ALTER
}
