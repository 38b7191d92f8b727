package io.ddlguard.element;

import io.ddlguard.event.DdlEventContext;
import io.ddlguard.event.Target;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A DDL statement written by the user, SQLAlchemy's {@code DDL}: a template with {@code %(key)s} placeholders
 * filled in when it runs as a listener.
 *
 * <p>Built-in keys, from the event's target (or the target given to {@link #against}):
 * {@code %(table)s} the table (for an index, constraint or column event, the table it belongs to),
 * {@code %(schema)s} its schema or empty, {@code %(fullname)s} {@code schema.table} or {@code table},
 * {@code %(name)s} the target object's own name. Identifiers from the intercepted SQL are reproduced as
 * written (quoted stays quoted); any other identifier is quoted by the dialect's rule, so no name can inject
 * SQL. Keys of the {@code context} map are inserted verbatim and override built-in keys. {@code %%} is a
 * literal {@code %}; a {@code %} not followed by {@code (} or {@code %} is kept as is; an unknown key is
 * rejected when the {@code Ddl} is built. Immutable and thread-safe.
 *
 * @param sql     the template
 * @param context extra keys and their values
 * @param target  the target this copy is bound to ({@link #against}); empty to use each event's target
 */
public record Ddl(String sql, Map<String, String> context, Optional<Target> target) implements DdlElement {

    private static final Set<String> BUILT_IN = Set.of("table", "schema", "fullname", "name");

    public Ddl {
        Objects.requireNonNull(sql, "sql");
        context = Map.copyOf(context);
        Objects.requireNonNull(target, "target");
        for (String key : keys(sql)) {
            if (!BUILT_IN.contains(key) && !context.containsKey(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in DDL template \"" + sql
                        + "\": the keys are table, schema, fullname, name and those of its context " + context.keySet());
            }
        }
    }

    /** A literal statement without extra context. */
    public static Ddl of(String sql) {
        return new Ddl(sql, Map.of(), Optional.empty());
    }

    /** A literal statement whose {@code context} keys add to and override the built-in ones. */
    public static Ddl of(String sql, Map<String, String> context) {
        return new Ddl(sql, context, Optional.empty());
    }

    /** A copy bound to {@code target}: its placeholders name that object whatever event runs it. */
    public Ddl against(Target target) {
        return new Ddl(sql, context, Optional.of(Objects.requireNonNull(target, "target")));
    }

    /** Renders the template for {@code ctx} and runs it on the event's connection. */
    @Override
    public void onEvent(DdlEventContext ctx) throws SQLException {
        String rendered = render(ctx);
        try (Statement statement = ctx.connection().createStatement()) {
            statement.execute(rendered);
        }
    }

    /** The statement this template gives for {@code ctx}. */
    public String render(DdlEventContext ctx) {
        return render(target.orElse(ctx.target()), target.isPresent() ? null : ctx.element(), ctx.dialect());
    }

    /**
     * The statement this template gives for {@code eventTarget}; {@code element} (may be null) supplies the
     * table of an index, constraint or column target.
     */
    public String render(Target eventTarget, DdlElement element, Dialect dialect) {
        Optional<QualifiedName> own = eventTarget.name();
        Optional<QualifiedName> table = eventTarget.kind().filter(k -> k == ObjectKind.TABLE).isPresent()
                ? own : Optional.ofNullable(element).flatMap(DdlElement::table).or(() -> own);
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '%' && i + 1 < n && sql.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
            } else if (c == '%' && i + 1 < n && sql.charAt(i + 1) == '(') {
                int close = sql.indexOf(")s", i + 2);
                String key = sql.substring(i + 2, close);
                out.append(value(key, own, table, dialect));
                i = close + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String value(String key, Optional<QualifiedName> own, Optional<QualifiedName> table, Dialect dialect) {
        String given = context.get(key);
        if (given != null) {
            return given;
        }
        return switch (key) {
            case "table" -> table.map(t -> dialect.render(t.name())).orElse("");
            case "schema" -> table.or(() -> own).flatMap(QualifiedName::schema).map(dialect::render).orElse("");
            case "fullname" -> table.map(t -> t.schema().map(s -> dialect.render(s) + ".").orElse("")
                    + dialect.render(t.name())).orElse("");
            case "name" -> own.map(o -> dialect.render(o.name())).orElse("");
            default -> throw new IllegalStateException("unknown key " + key);
        };
    }

    /** The keys a template uses; throws for a {@code %(} without its {@code )s}. */
    private static List<String> keys(String template) {
        java.util.ArrayList<String> keys = new java.util.ArrayList<>();
        int i = 0;
        while ((i = template.indexOf('%', i)) >= 0 && i + 1 < template.length()) {
            char next = template.charAt(i + 1);
            if (next == '%') {
                i += 2;
            } else if (next == '(') {
                int close = template.indexOf(")s", i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed placeholder at " + i + " in DDL template \"" + template
                            + "\": write %(key)s, or %% for a literal %");
                }
                keys.add(template.substring(i + 2, close)); // exact, as Python's %(key)s: render looks up the same
                i = close + 2;
            } else {
                i++;
            }
        }
        return keys;
    }

    /** From the statement's first word: {@code CREATE} creates, {@code DROP}/{@code TRUNCATE} drop, the rest alter. */
    @Override
    public Action action() {
        String s = sql.stripLeading();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return switch (s.substring(0, end).toUpperCase(Locale.ROOT)) {
            case "CREATE" -> Action.CREATE;
            case "DROP", "TRUNCATE" -> Action.DROP;
            default -> Action.ALTER;
        };
    }

    @Override public ObjectKind objectKind() { return ObjectKind.OTHER; }
    @Override public List<QualifiedName> names() { return List.of(); }
}
