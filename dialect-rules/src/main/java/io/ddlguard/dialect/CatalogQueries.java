package io.ddlguard.dialect;

/** The catalog queries of schema reflection that an engine's JDBC metadata does not answer well. */
final class CatalogQueries {

    /** H2's sequences of one schema: its JDBC {@code getTables} lists none. */
    static final String H2_SEQUENCES =
            "SELECT SEQUENCE_NAME FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA = ? ORDER BY SEQUENCE_NAME";

    /**
     * Every foreign key of one PostgreSQL schema in one query (pgjdbc's getImportedKeys is one query per table), its
     * columns in key order. Constraints a partition inherits from its parent are left to the parent.
     */
    static final String POSTGRES_FOREIGN_KEYS = """
            select t.relname, c.conname, rn.nspname, rt.relname, c.confdeltype, c.confupdtype,
                   array(select a.attname from unnest(c.conkey) with ordinality k(attnum, ord)
                         join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                         order by k.ord)::text[],
                   array(select a.attname from unnest(c.confkey) with ordinality k(attnum, ord)
                         join pg_catalog.pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum
                         order by k.ord)::text[]
            from pg_catalog.pg_constraint c
            join pg_catalog.pg_class t on t.oid = c.conrelid
            join pg_catalog.pg_namespace n on n.oid = t.relnamespace
            join pg_catalog.pg_class rt on rt.oid = c.confrelid
            join pg_catalog.pg_namespace rn on rn.oid = rt.relnamespace
            where c.contype = 'f' and c.conparentid = 0 and n.nspname = ?
            order by t.relname, c.conname""";

    private CatalogQueries() {
    }
}
