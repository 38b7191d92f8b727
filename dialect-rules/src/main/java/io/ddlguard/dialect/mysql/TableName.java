package io.ddlguard.dialect.mysql;

import java.util.Objects;

/**
 * A table a DDL statement will lock, as the server stores its name: {@code schema} is the database. Compared
 * exactly (as on a server with {@code lower_case_table_names = 0}); pass the names as the catalog holds them.
 *
 * @param schema the database the table is in
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
