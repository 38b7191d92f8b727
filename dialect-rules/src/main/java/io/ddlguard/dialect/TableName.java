package io.ddlguard.dialect;

import java.util.Objects;

/**
 * A table a DDL statement will lock, named as the database's catalog stores it (already folded: H2 keeps unquoted
 * names in upper case; MySQL and MariaDB keep them as written when {@code lower_case_table_names = 0}). The lock
 * inspectors compare names exactly.
 *
 * @param schema the schema the table is in; on MySQL and MariaDB, the database
 * @param name   the table's name
 */
public record TableName(String schema, String name) {

    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
