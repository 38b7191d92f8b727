package io.ddlguard.dialect;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    /**
     * The tables whose locks {@code elements} wait for, for the engines whose lock views are by table (MySQL and
     * MariaDB metadata locks, H2 table locks): the table an index, constraint or column belongs to, else the tables
     * (and views) a statement creates, drops, renames or truncates. In the order first named, each once.
     *
     * @param defaultSchema the connection's current schema (on MySQL, its database), for unqualified names; null
     *                      when there is none (such names are left out)
     */
    public static List<TableName> lockedBy(List<DdlElement> elements, DialectRules rules, String defaultSchema) {
        Set<TableName> tables = new LinkedHashSet<>();
        for (DdlElement e : elements) {
            List<QualifiedName> names = e.table().map(List::of).orElseGet(() -> switch (e.objectKind()) {
                case TABLE, VIEW, MATERIALIZED_VIEW -> e.names();
                default -> List.of();
            });
            for (QualifiedName n : names) {
                String schema = n.schema().map(s -> stored(s, rules)).orElse(defaultSchema);
                if (schema != null) {
                    tables.add(new TableName(schema, stored(n.name(), rules)));
                }
            }
        }
        return new ArrayList<>(tables);
    }

    private static String stored(Identifier id, DialectRules rules) {
        return id.quoted() ? id.value() : rules.fold(id.value());
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
