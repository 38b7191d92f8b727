package io.ddlguard.internal.guard;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.TableName;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables whose locks a DDL statement waits for, named as the catalog stores them, for the engines whose lock
 * views are by table (MySQL/MariaDB metadata locks, H2 table locks): the table an index, constraint or column
 * belongs to, else the tables (and views) the statement creates, drops, renames or truncates.
 */
final class GuardedTables {

    private GuardedTables() {
    }

    /**
     * @param defaultSchema the connection's current schema (on MySQL, its database), for unqualified names; null
     *                      when there is none
     */
    static List<TableName> of(List<DdlElement> elements, DialectRules rules, String defaultSchema) {
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

}
