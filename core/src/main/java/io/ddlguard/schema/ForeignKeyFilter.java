package io.ddlguard.schema;

/**
 * Decides, per foreign key, how {@link TableSorter} treats it: SQLAlchemy's {@code filter_fn} of
 * {@code sort_tables_and_constraints}, where {@code True}, {@code False} and {@code None} are {@link Decision#DEFER},
 * {@link Decision#INLINE} and {@link Decision#DEFAULT}. Implementations should be stateless; the sorter may call
 * one more than once for the same foreign key.
 */
@FunctionalInterface
public interface ForeignKeyFilter {

    /** Treats every foreign key by the default rule. */
    ForeignKeyFilter DEFAULT = fk -> Decision.DEFAULT;

    /** How to treat one foreign key. */
    enum Decision {
        /** Never orders tables: created with {@code ALTER TABLE ... ADD} after all tables (the final entry). */
        DEFER,
        /** Always orders tables and stays with its table, even in a cycle (which then cannot be sorted). */
        INLINE,
        /** Orders tables and stays with its table, unless its table is in a cycle: then it is deferred. */
        DEFAULT
    }

    /** How {@code fk} is treated. */
    Decision decide(ForeignKey fk);
}
