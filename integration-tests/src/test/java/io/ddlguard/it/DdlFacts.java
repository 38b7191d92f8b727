package io.ddlguard.it;

import io.ddlguard.element.Action;
import io.ddlguard.element.AddColumn;
import io.ddlguard.element.AddConstraint;
import io.ddlguard.element.AlterColumn;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.CreateSchema;
import io.ddlguard.element.CreateSequence;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.CreateView;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DropColumn;
import io.ddlguard.element.DropConstraint;
import io.ddlguard.element.DropIndex;
import io.ddlguard.element.DropSchema;
import io.ddlguard.element.DropSequence;
import io.ddlguard.element.DropTable;
import io.ddlguard.element.DropView;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.RenameColumn;
import io.ddlguard.element.RenameIndex;
import io.ddlguard.element.RenameSequence;
import io.ddlguard.element.RenameTable;
import io.ddlguard.element.RenameView;
import io.ddlguard.element.TruncateTable;
import io.ddlguard.element.UnrecognizedDdl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The common vocabulary in which PostgreSQL's event trigger rows and the parser's elements are compared.
 *
 * <p>Both sides are reduced to facts such as {@code CREATE TABLE public.users},
 * {@code DROP COLUMN login_count ON public.users} or {@code TRUNCATE TABLE app.orders}, with names as PostgreSQL
 * stores them: the parser's unquoted identifiers fold to lower case, quoted ones stay exact. The mapping:
 *
 * <ul>
 *   <li>{@code ddl_command_end}: only rows whose command tag is the statement's own tag count (the sequence of a
 *       serial column, the index of a primary key, the {@code ALTER TABLE} that adds an inline foreign key are
 *       side effects, reported under other tags). Nested commands of {@code CREATE EXTENSION} fire markers of their
 *       own; the statement's tag is the last marker's.</li>
 *   <li>{@code CREATE TABLE}, {@code CREATE TABLE AS}, {@code SELECT INTO} give {@code CREATE TABLE};
 *       {@code CREATE INDEX} gives {@code CREATE INDEX name ON table}; views, materialized views, sequences,
 *       schemas likewise.</li>
 *   <li>{@code ALTER TABLE} (object {@code table}, or {@code table column} for {@code RENAME COLUMN}) gives
 *       {@code ALTER TABLE t}; PostgreSQL names the table after the statement, so after {@code RENAME TO} it is the
 *       new name. Every ALTER-family element ({@link AddColumn}, {@link AlterColumn}, {@link RenameColumn},
 *       {@link AddConstraint}, {@link DropColumn}, {@link DropConstraint}, an {@link UnrecognizedDdl} that alters a
 *       table) gives {@code ALTER TABLE} of its {@code table()}; {@link RenameTable} gives {@code ALTER TABLE} of its
 *       new name in the old name's schema.</li>
 *   <li>{@code sql_drop}, {@code original = true} only (dependents dropped by CASCADE, an index dropped with its
 *       constraint, a table's row type are not the statement's own): {@code table column s.t.c} is
 *       {@code DROP COLUMN c ON s.t} ({@link DropColumn}); {@code table constraint} is {@code DROP CONSTRAINT}
 *       ({@link DropConstraint}); tables, views, indexes, sequences, schemas their {@code DROP}. A
 *       {@code default value} dropped by {@code ALTER COLUMN ... DROP DEFAULT} is part of the {@code ALTER TABLE}.</li>
 *   <li>{@code TRUNCATE}: every table {@link PostgresTruth} saw emptied is {@code TRUNCATE TABLE t}; naming a
 *       partitioned ancestor of it also covers it; with {@code CASCADE} more tables may be emptied than named.</li>
 *   <li>A parser name without a schema matches the schema PostgreSQL resolved it to when that is {@code public}
 *       (the first schema of the default search_path, the only one the corpus uses) or the session's
 *       {@code pg_temp_N} (searched first for relations). An unnamed {@code CREATE INDEX} matches any index name.</li>
 *   <li>A parser fact from an element with {@code IF EXISTS}/{@code IF NOT EXISTS} is optional: PostgreSQL may
 *       rightly have skipped it.</li>
 * </ul>
 */
final class DdlFacts {

    /** Tags for which the parser must produce typed elements; any other DDL must be {@link UnrecognizedDdl}. */
    static final Set<String> RECOGNIZED_TAGS = Set.of(
            "CREATE TABLE", "CREATE TABLE AS", "SELECT INTO", "ALTER TABLE", "DROP TABLE",
            "CREATE INDEX", "DROP INDEX", "CREATE VIEW", "DROP VIEW",
            "CREATE MATERIALIZED VIEW", "DROP MATERIALIZED VIEW",
            "CREATE SEQUENCE", "DROP SEQUENCE", "CREATE SCHEMA", "DROP SCHEMA");

    /**
     * Tags of statements the model types only in one form, the rename: {@code ALTER INDEX a RENAME TO b} and the
     * like are compared as facts, every other form of them must be {@link UnrecognizedDdl}.
     */
    static final Set<String> RENAME_TAGS = Set.of("ALTER INDEX", "ALTER VIEW", "ALTER MATERIALIZED VIEW",
            "ALTER SEQUENCE");

    static boolean isRename(DdlElement e) {
        return e instanceof RenameIndex || e instanceof RenameView || e instanceof RenameSequence;
    }

    /** A possibly schema-qualified name as PostgreSQL stores it; a null schema is unqualified, a null name unnamed. */
    record Name(String schema, String name) {
        static final Name UNNAMED = new Name(null, null);

        boolean matches(Name truth) {
            if (name == null) {
                return true;
            }
            if (!name.equals(truth.name)) {
                return false;
            }
            if (schema == null || truth.schema == null) {
                return truth.schema == null || truth.schema.equals("public") || truth.schema.startsWith("pg_temp");
            }
            return schema.equals(truth.schema);
        }

        @Override
        public String toString() {
            String n = name == null ? "<unnamed>" : name;
            return schema == null ? n : schema + "." + n;
        }
    }

    /**
     * One thing a statement did.
     *
     * @param aliases  other names that cover this fact (a truncated partition's partitioned ancestors)
     * @param optional whether the fact may be absent from the truth (the element said IF [NOT] EXISTS)
     */
    record Fact(String verb, String kind, Name name, Name on, List<Name> aliases, boolean optional) {
        Fact {
            aliases = List.copyOf(aliases);
        }

        static Fact of(String verb, String kind, Name name) {
            return new Fact(verb, kind, name, null, List.of(), false);
        }

        static Fact on(String verb, String kind, Name name, Name on) {
            return new Fact(verb, kind, name, on, List.of(), false);
        }

        Fact optionalIf(boolean flag) {
            return flag ? new Fact(verb, kind, name, on, aliases, true) : this;
        }

        /** Whether this parser fact describes {@code truth}. */
        boolean matches(Fact truth) {
            if (!verb.equals(truth.verb) || !kind.equals(truth.kind)) {
                return false;
            }
            if (on != null && truth.on != null && !on.matches(truth.on)) {
                return false;
            }
            if (name.matches(truth.name)) {
                return true;
            }
            return truth.aliases.stream().anyMatch(name::matches);
        }

        @Override
        public String toString() {
            return verb + " " + kind + " " + name + (on == null ? "" : " ON " + on) + (optional ? " (if exists)" : "");
        }
    }

    private DdlFacts() {
    }

    /** {@code CREATE} for a tag starting with CREATE, {@code DROP} for DROP and TRUNCATE, else {@code ALTER}. */
    static String verbOf(String tag) {
        if (tag.startsWith("CREATE")) {
            return "CREATE";
        }
        return tag.startsWith("DROP") || tag.startsWith("TRUNCATE") ? "DROP" : "ALTER";
    }

    static List<Fact> fromTruth(PostgresTruth.Observation observation) {
        List<Fact> facts = new ArrayList<>();
        if (observation.truncated()) {
            for (PostgresTruth.Emptied e : observation.emptied()) {
                facts.add(new Fact("TRUNCATE", "TABLE", name(e.table(), 0), null,
                        e.ancestors().stream().map(a -> name(a, 0)).toList(), false));
            }
            return facts;
        }
        String tag = observation.tag().orElse("");
        // SELECT INTO is a query that creates its target table.
        String verb = tag.equals("SELECT INTO") ? "CREATE" : verbOf(tag);
        for (PostgresTruth.Row row : ownRows(observation)) {
            List<String> a = row.addressNames();
            String type = row.objectType();
            if (row.event().equals("command")) {
                switch (type) {
                    case "table" -> facts.add(Fact.of(verb, "TABLE", name(a, 0)));
                    case "table column" -> facts.add(Fact.of("ALTER", "TABLE", name(a, 0)));
                    case "index" -> facts.add(Fact.on(verb, "INDEX", name(a, 0), name(row.tableNames(), 0)));
                    case "view", "materialized view", "sequence" ->
                            facts.add(Fact.of(verb, type.toUpperCase(Locale.ROOT), name(a, 0)));
                    case "schema" -> facts.add(Fact.of(verb, "SCHEMA", new Name(null, a.get(0))));
                    default -> facts.add(Fact.of(verb, type.toUpperCase(Locale.ROOT),
                            new Name(null, row.objectIdentity())));
                }
            } else {
                switch (type) {
                    case "default value" -> facts.add(Fact.of("ALTER", "TABLE", name(a, 0)));
                    case "table column" -> facts.add(Fact.on("DROP", "COLUMN", new Name(null, a.get(2)), name(a, 0)));
                    case "table constraint" ->
                            facts.add(Fact.on("DROP", "CONSTRAINT", new Name(null, a.get(2)), name(a, 0)));
                    case "table", "view", "materialized view", "index", "sequence" ->
                            facts.add(Fact.of("DROP", type.toUpperCase(Locale.ROOT), name(a, 0)));
                    case "schema" -> facts.add(Fact.of("DROP", "SCHEMA", new Name(null, a.get(0))));
                    default -> facts.add(Fact.of("DROP", type.toUpperCase(Locale.ROOT), new Name(null, row.objectIdentity())));
                }
            }
        }
        return facts.stream().distinct().toList();
    }

    /**
     * The rows that are the statement's own objects: {@code ddl_command_end} rows of the last (top-level) marker
     * whose command tag is the statement's, and the original {@code sql_drop} rows.
     */
    static List<PostgresTruth.Row> ownRows(PostgresTruth.Observation observation) {
        List<PostgresTruth.Row> rows = observation.rows();
        int lastMarker = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).event().equals("marker")) {
                lastMarker = i;
            }
        }
        if (lastMarker < 0) {
            return List.of();
        }
        String tag = rows.get(lastMarker).tag();
        List<PostgresTruth.Row> own = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PostgresTruth.Row r = rows.get(i);
            boolean ownCommand = i > lastMarker && r.event().equals("command") && tag.equals(r.commandTag());
            boolean ownDrop = r.event().equals("drop") && r.original() && tag.equals(r.tag());
            if (ownCommand || ownDrop) {
                own.add(r);
            }
        }
        return own;
    }

    static List<Fact> fromElements(List<DdlElement> elements) {
        List<Fact> facts = new ArrayList<>();
        for (DdlElement e : elements) {
            facts.addAll(fromElement(e));
        }
        return facts.stream().distinct().toList();
    }

    private static List<Fact> fromElement(DdlElement e) {
        if (e instanceof CreateTable c) {
            return List.of(Fact.of("CREATE", "TABLE", name(c.name())).optionalIf(c.ifNotExists()));
        } else if (e instanceof DropTable d) {
            return each("DROP", "TABLE", d.names(), d.ifExists());
        } else if (e instanceof CreateIndex c) {
            // PostgreSQL creates an index in its table's schema: an unqualified index name lives there.
            Name table = name(c.onTable());
            Name n = c.name().map(DdlFacts::name)
                    .map(x -> x.schema() == null ? new Name(table.schema(), x.name()) : x).orElse(Name.UNNAMED);
            return List.of(Fact.on("CREATE", "INDEX", n, table).optionalIf(c.ifNotExists()));
        } else if (e instanceof DropIndex d) {
            return each("DROP", "INDEX", d.names(), d.ifExists());
        } else if (e instanceof CreateView v) {
            return List.of(Fact.of("CREATE", viewKind(v.materialized()), name(v.name())).optionalIf(v.ifNotExists()));
        } else if (e instanceof DropView d) {
            return each("DROP", viewKind(d.materialized()), d.names(), d.ifExists());
        } else if (e instanceof CreateSequence c) {
            return List.of(Fact.of("CREATE", "SEQUENCE", name(c.name())).optionalIf(c.ifNotExists()));
        } else if (e instanceof DropSequence d) {
            return each("DROP", "SEQUENCE", d.names(), d.ifExists());
        } else if (e instanceof CreateSchema c) {
            return List.of(Fact.of("CREATE", "SCHEMA", schemaName(c.name())).optionalIf(c.ifNotExists()));
        } else if (e instanceof DropSchema d) {
            return d.names().stream()
                    .map(n -> Fact.of("DROP", "SCHEMA", schemaName(n)).optionalIf(d.ifExists())).toList();
        } else if (e instanceof AddColumn || e instanceof AlterColumn || e instanceof RenameColumn
                || e instanceof AddConstraint) {
            return List.of(alterTable(e.table().orElseThrow()));
        } else if (e instanceof DropColumn d) {
            return List.of(alterTable(d.onTable()),
                    Fact.on("DROP", "COLUMN", new Name(null, fold(d.column())), name(d.onTable())).optionalIf(d.ifExists()));
        } else if (e instanceof DropConstraint d) {
            Name n = d.name().map(i -> new Name(null, fold(i))).orElse(Name.UNNAMED);
            return List.of(alterTable(d.onTable()),
                    Fact.on("DROP", "CONSTRAINT", n, name(d.onTable())).optionalIf(d.ifExists()));
        } else if (e instanceof RenameTable r) {
            String schema = r.newName().schema().or(() -> r.name().schema()).map(DdlFacts::fold).orElse(null);
            return List.of(Fact.of("ALTER", "TABLE", new Name(schema, fold(r.newName().name()))));
        } else if (e instanceof RenameIndex r) {
            return List.of(Fact.of("ALTER", "INDEX", renamed(r.name(), r.newName())));
        } else if (e instanceof RenameView r) {
            return List.of(Fact.of("ALTER", viewKind(r.materialized()), renamed(r.name(), r.newName())));
        } else if (e instanceof RenameSequence r) {
            return List.of(Fact.of("ALTER", "SEQUENCE", renamed(r.name(), r.newName())));
        } else if (e instanceof TruncateTable t) {
            return t.names().stream().map(n -> Fact.of("TRUNCATE", "TABLE", name(n))).toList();
        } else if (e instanceof UnrecognizedDdl u) {
            Optional<QualifiedName> table = u.table().or(() ->
                    u.objectKind() == ObjectKind.TABLE && !u.names().isEmpty()
                            ? Optional.of(u.names().get(0)) : Optional.empty());
            if (u.action() == Action.ALTER && table.isPresent()) {
                return List.of(alterTable(table.get()));
            }
            return List.of(Fact.of("UNRECOGNIZED " + u.action(), u.objectKind().name(),
                    u.names().isEmpty() ? Name.UNNAMED : name(u.names().get(0))));
        }
        return List.of(Fact.of("LITERAL", e.getClass().getSimpleName(), Name.UNNAMED));
    }

    /** A renamed relation as PostgreSQL names it afterwards: the new name, in the old name's schema. */
    private static Name renamed(QualifiedName name, QualifiedName newName) {
        String schema = newName.schema().or(() -> name.schema()).map(DdlFacts::fold).orElse(null);
        return new Name(schema, fold(newName.name()));
    }

    private static Fact alterTable(QualifiedName table) {
        return Fact.of("ALTER", "TABLE", name(table));
    }

    private static List<Fact> each(String verb, String kind, List<QualifiedName> names, boolean ifExists) {
        return names.stream().map(n -> Fact.of(verb, kind, name(n)).optionalIf(ifExists)).toList();
    }

    private static String viewKind(boolean materialized) {
        return materialized ? "MATERIALIZED VIEW" : "VIEW";
    }

    private static Name schemaName(QualifiedName n) {
        return new Name(null, fold(n.name()));
    }

    static Name name(QualifiedName n) {
        return new Name(n.schema().map(DdlFacts::fold).orElse(null), fold(n.name()));
    }

    private static Name name(List<String> addressNames, int from) {
        Objects.checkIndex(from + 1, addressNames.size());
        return new Name(addressNames.get(from), addressNames.get(from + 1));
    }

    private static String fold(Identifier identifier) {
        return identifier.folded(Dialect.POSTGRESQL);
    }
}
