package io.ddlguard.dialect.postgres;

import java.util.Objects;

/**
 * One lock a DDL statement will take: a relation (table, index, sequence, view, TOAST table, ...) or the
 * object lock on a schema, and the mode. Immutable and thread-safe.
 *
 * @param kind   what is locked
 * @param oid    the relation's {@code pg_class.oid}, or the schema's {@code pg_namespace.oid}
 * @param schema the schema the relation lives in; for {@link Kind#SCHEMA}, the schema itself
 * @param name   the relation's name; for {@link Kind#SCHEMA}, the schema's name
 * @param mode   the mode the statement will request
 */
public record PlannedLock(Kind kind, long oid, String schema, String name, LockMode mode) {

    /** What a planned lock is taken on; relation kinds follow {@code pg_class.relkind}. */
    public enum Kind {
        TABLE('r'), PARTITIONED_TABLE('p'), INDEX('i'), PARTITIONED_INDEX('I'), SEQUENCE('S'), TOAST_TABLE('t'),
        VIEW('v'), MATERIALIZED_VIEW('m'), FOREIGN_TABLE('f'), COMPOSITE_TYPE('c'),
        /** The object lock on a schema ({@code pg_locks.locktype = 'object'}), taken by {@code DROP SCHEMA}. */
        SCHEMA('\0');

        private final char relkind;

        Kind(char relkind) {
            this.relkind = relkind;
        }

        static Kind ofRelkind(String relkind) {
            for (Kind k : values()) {
                if (k != SCHEMA && relkind != null && relkind.length() == 1 && k.relkind == relkind.charAt(0)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown pg_class.relkind: " + relkind);
        }
    }

    public PlannedLock {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
    }

    /** Whether this is a lock on a relation, as opposed to a schema's object lock. */
    public boolean isRelation() {
        return kind != Kind.SCHEMA;
    }

    /** {@code schema.name}, each part double-quoted where PostgreSQL would need it; a schema lock shows its name. */
    public String displayName() {
        return kind == Kind.SCHEMA ? quote(name) : quote(schema) + '.' + quote(name);
    }

    private static String quote(String identifier) {
        boolean plain = !identifier.isEmpty() && (Character.isLowerCase(identifier.charAt(0))
                || identifier.charAt(0) == '_');
        for (int i = 0; plain && i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
        }
        return plain ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
