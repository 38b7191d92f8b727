package io.ddlguard.schema;

import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.ForeignKeyReference;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A foreign key of a {@link Table}: the table it belongs to and its definition, read from a {@code CREATE TABLE}
 * or {@code ALTER TABLE ... ADD} statement, reflected from a catalog, or built with {@link #of}. Immutable and
 * thread-safe.
 *
 * @param table      the table the foreign key belongs to (the dependent table)
 * @param constraint its definition: name, columns, the referred table and columns, the text as written
 * @param useAlter   whether it is always created with {@code ALTER TABLE ... ADD CONSTRAINT} after every table of a
 *                   run, and dropped with {@code ALTER TABLE ... DROP CONSTRAINT} before them, whatever the ordering
 *                   needs (SQLAlchemy's {@code use_alter}); such a foreign key never orders tables
 */
public record ForeignKey(QualifiedName table, ConstraintDefinition constraint, boolean useAlter) {

    public ForeignKey {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(constraint, "constraint");
        if (constraint.type() != ConstraintType.FOREIGN_KEY) {
            throw new IllegalArgumentException("not a foreign key: " + constraint.type() + " " + constraint.sql());
        }
    }

    /**
     * A foreign key built by hand.
     *
     * @param name             its name, or null for an unnamed one (which {@code dropAll} cannot drop on its own)
     * @param columns          the columns of {@code table}
     * @param referredColumns  the columns of {@code referredTable}; empty for its primary key
     */
    public static ForeignKey of(QualifiedName table, Identifier name, List<Identifier> columns,
                                QualifiedName referredTable, List<Identifier> referredColumns) {
        ForeignKeyReference reference = new ForeignKeyReference(referredTable, referredColumns, Optional.empty(),
                Optional.empty());
        return new ForeignKey(table, new ConstraintDefinition(Optional.ofNullable(name), ConstraintType.FOREIGN_KEY,
                columns, Optional.of(reference), ""), false);
    }

    /** This foreign key, always created and dropped with {@code ALTER TABLE} when {@code useAlter}. */
    public ForeignKey withUseAlter(boolean useAlter) {
        return new ForeignKey(table, constraint, useAlter);
    }

    /** The constraint's name, if it has one. */
    public Optional<Identifier> name() {
        return constraint.name();
    }

    /** The columns of {@link #table()} that refer. */
    public List<Identifier> columns() {
        return constraint.columns();
    }

    /** The table it refers to (the table it depends on). */
    public QualifiedName referredTable() {
        return reference().table();
    }

    /** The columns it refers to; empty when it refers to the primary key without naming it. */
    public List<Identifier> referredColumns() {
        return reference().columns();
    }

    private ForeignKeyReference reference() {
        return constraint.references().orElseThrow();
    }

    /**
     * The constraint's definition without {@code CONSTRAINT name}, as {@code ALTER TABLE ... ADD} takes it:
     * the text as written when it was read from a statement (so {@code DEFERRABLE}, {@code MATCH} and the like are
     * kept; an inline {@code REFERENCES} clause gets its {@code FOREIGN KEY (column)}), else rendered for
     * {@code dialect} from the parts.
     */
    public String definition(Dialect dialect) {
        String written = constraint.sql().strip();
        if (!written.isEmpty() && constraint.hasPosition()) {
            if (written.regionMatches(true, 0, "REFERENCES", 0, "REFERENCES".length())) {
                return "FOREIGN KEY (" + list(columns(), dialect) + ") " + written;
            }
            return written;
        }
        ForeignKeyReference r = reference();
        StringBuilder sb = new StringBuilder("FOREIGN KEY (").append(list(columns(), dialect)).append(") REFERENCES ")
                .append(SchemaSql.render(r.table(), dialect));
        if (!r.columns().isEmpty()) {
            sb.append(" (").append(list(r.columns(), dialect)).append(')');
        }
        r.onDelete().ifPresent(a -> sb.append(" ON DELETE ").append(a.toUpperCase(Locale.ROOT)));
        r.onUpdate().ifPresent(a -> sb.append(" ON UPDATE ").append(a.toUpperCase(Locale.ROOT)));
        return sb.toString();
    }

    private static String list(List<Identifier> identifiers, Dialect dialect) {
        StringBuilder sb = new StringBuilder();
        for (Identifier i : identifiers) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(dialect.render(i));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return SchemaSql.display(table) + name().map(n -> "." + n.value()).orElse("") + " -> "
                + SchemaSql.display(referredTable());
    }
}
