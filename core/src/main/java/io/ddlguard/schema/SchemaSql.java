package io.ddlguard.schema;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The SQL text the schema tools run. Stateless. */
final class SchemaSql {

    private SchemaSql() {
    }

    /** {@code name} ready for SQL text: each part rendered by the dialect's rule. */
    static String render(QualifiedName name, Dialect dialect) {
        StringBuilder sb = new StringBuilder();
        name.catalog().ifPresent(c -> sb.append(dialect.render(c)).append('.'));
        name.schema().ifPresent(s -> sb.append(dialect.render(s)).append('.'));
        return sb.append(dialect.render(name.name())).toString();
    }

    /** {@code name} as messages show it, SQLAlchemy's {@code fullname}: the parts' values joined by dots, unquoted. */
    static String display(QualifiedName name) {
        StringBuilder sb = new StringBuilder();
        name.catalog().ifPresent(c -> sb.append(c.value()).append('.'));
        name.schema().ifPresent(s -> sb.append(s.value()).append('.'));
        return sb.append(name.name().value()).toString();
    }

    /** {@code names} as messages show them: {@link #display displayed} and comma-joined. */
    static String display(List<QualifiedName> names) {
        StringBuilder sb = new StringBuilder();
        for (QualifiedName n : names) {
            sb.append(sb.length() == 0 ? "" : ", ").append(display(n));
        }
        return sb.toString();
    }

    static String dropTable(Table table, Dialect dialect) {
        return "DROP TABLE " + render(table.name(), dialect);
    }

    static String addConstraint(ForeignKey fk, Dialect dialect) {
        return "ALTER TABLE " + render(fk.table(), dialect) + " ADD "
                + fk.name().map(n -> "CONSTRAINT " + dialect.render(n) + " ").orElse("") + fk.definition(dialect);
    }

    /** MySQL and MariaDB drop a foreign key with {@code DROP FOREIGN KEY}; the others with {@code DROP CONSTRAINT}. */
    static String dropConstraint(ForeignKey fk, Dialect dialect) {
        String name = dialect.render(fk.name().orElseThrow(() ->
                new IllegalArgumentException("an unnamed foreign key cannot be dropped: " + fk)));
        return "ALTER TABLE " + render(fk.table(), dialect)
                + DialectRules.of(dialect).dropForeignKey() + name;
    }

    /**
     * The {@code CREATE TABLE} text of {@code table} without the definitions of {@code cut} (foreign keys it
     * declares): a table-level definition goes with the comma that separates it from its neighbour, an inline
     * {@code REFERENCES} clause leaves its column as it was.
     *
     * @throws IllegalArgumentException when a definition's position in the text is not known
     */
    static String createWithout(Table table, Collection<ForeignKey> cut, Dialect dialect) {
        CreateTable create = table.definition().orElseThrow(() -> new IllegalArgumentException(
                "table " + table.name() + " has no CREATE TABLE statement to run"));
        if (cut.isEmpty()) {
            return create.sql();
        }
        String sql = create.sql();
        Tokens tokens = SqlLexer.tokenize(sql, DialectRules.of(dialect));
        List<int[]> ranges = new ArrayList<>();
        for (ForeignKey fk : cut) {
            ConstraintDefinition c = fk.constraint();
            if (!c.hasPosition() || c.end() > sql.length()) {
                throw new IllegalArgumentException("cannot take foreign key " + fk + " out of " + sql
                        + ": its position in the text is not known");
            }
            ranges.add(range(tokens, c.start(), c.end()));
        }
        ranges.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : ranges) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(r.clone());
            }
        }
        StringBuilder sb = new StringBuilder(sql);
        for (int i = merged.size() - 1; i >= 0; i--) {
            sb.delete(merged.get(i)[0], merged.get(i)[1]);
        }
        return sb.toString();
    }

    /** The characters to cut for the definition at {@code start..end}, with its separating comma if it has one. */
    private static int[] range(Tokens tokens, int start, int end) {
        int first = -1;
        int after = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (first < 0 && tokens.start(i) == start) {
                first = i;
            }
            if (tokens.start(i) >= end) {
                after = i;
                break;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException("no token starts at " + start + " in " + tokens.sql());
        }
        if (first > 0 && tokens.isSymbol(first - 1, ',')) {
            return new int[] {tokens.start(first - 1), end};
        }
        if (first > 0 && tokens.isSymbol(first - 1, '(') && after >= 0 && tokens.isSymbol(after, ',')) {
            return new int[] {start, after + 1 < tokens.size() ? tokens.start(after + 1) : tokens.end(after)};
        }
        return new int[] {start, end};
    }
}
