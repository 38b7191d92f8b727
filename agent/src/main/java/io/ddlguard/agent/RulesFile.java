package io.ddlguard.agent;

import io.ddlguard.DropPolicy;
import io.ddlguard.PoolMode;
import io.ddlguard.element.Ddl;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlListener;
import io.ddlguard.event.ExecuteIf;
import io.ddlguard.event.Target;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rules file (YAML) into {@link Rules}. Every problem is a {@link RulesException} naming the file and the
 * line: a YAML syntax error, an unknown or repeated key, a value of the wrong shape, an unknown event, target,
 * policy or dialect, a duration that cannot be read, a template key the {@code ddl} cannot fill. Stateless.
 */
final class RulesFile {

    private static final Set<String> TOP = Set.of("guard", "listeners", "java-listeners");
    private static final Set<String> GUARD = Set.of("drop-policy", "lock-wait", "attempt-timeout",
            "capture-stack-traces", "pool-mode", "log-refusals", "dialect", "name");
    private static final Set<String> LISTENER = Set.of("on", "target", "ddl", "context", "execute-if");
    private static final Set<String> EXECUTE_IF = Set.of("dialect");
    private static final Set<String> BUILT_IN_KEYS = Set.of("table", "schema", "fullname", "name");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("%\\(([^)]*)\\)s");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Path file;

    private RulesFile(Path file) {
        this.file = file;
    }

    /** Reads {@code file} (UTF-8). */
    static Rules read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesException(file, 0, "cannot read the rules file: " + e, e);
        }
        return parse(file, text);
    }

    /** Reads {@code text}, reporting problems against {@code file}. */
    static Rules parse(Path file, String text) {
        return new RulesFile(file).rules(text);
    }

    private Rules rules(String text) {
        Node root;
        try (Reader reader = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowRecursiveKeys(false);
            root = new Yaml(new SafeConstructor(options)).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new RulesException(file, mark == null ? 0 : mark.getLine() + 1,
                    "not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException | IOException e) {
            throw new RulesException(file, 0, "not valid YAML: " + e.getMessage(), e);
        }
        Rules rules = Rules.DEFAULTS;
        if (root == null) {
            return rules; // an empty file: the defaults
        }
        Map<String, Node> top = mapping(root, TOP, "the rules file");
        DropPolicy policy = rules.dropPolicy();
        Duration lockWait = rules.lockWait();
        Duration attemptTimeout = rules.attemptTimeout();
        boolean stacks = rules.captureStackTraces();
        PoolMode poolMode = rules.poolMode();
        boolean logRefusals = rules.logRefusals();
        Optional<Dialect> dialect = Optional.empty();
        Optional<String> name = Optional.empty();
        Node guardNode = top.get("guard");
        if (guardNode != null) {
            Map<String, Node> guard = mapping(guardNode, GUARD, "guard");
            if (guard.containsKey("drop-policy")) {
                policy = policy(guard.get("drop-policy"));
            }
            if (guard.containsKey("lock-wait")) {
                lockWait = duration(guard.get("lock-wait"), "lock-wait", Duration.ZERO);
            }
            if (guard.containsKey("attempt-timeout")) {
                attemptTimeout = duration(guard.get("attempt-timeout"), "attempt-timeout", Duration.ofMillis(1));
            }
            if (guard.containsKey("capture-stack-traces")) {
                stacks = bool(guard.get("capture-stack-traces"), "capture-stack-traces");
            }
            if (guard.containsKey("pool-mode")) {
                poolMode = poolMode(guard.get("pool-mode"));
            }
            if (guard.containsKey("log-refusals")) {
                logRefusals = bool(guard.get("log-refusals"), "log-refusals");
            }
            if (guard.containsKey("dialect")) {
                dialect = Optional.of(dialect(guard.get("dialect")));
            }
            if (guard.containsKey("name")) {
                name = Optional.of(nonBlank(guard.get("name"), "name"));
            }
        }
        List<Rules.Listener> listeners = new ArrayList<>();
        Node listenersNode = top.get("listeners");
        if (listenersNode != null) {
            for (Node entry : sequence(listenersNode, "listeners")) {
                listeners.add(listener(entry));
            }
        }
        boolean serviceLoader = !top.containsKey("java-listeners") || bool(top.get("java-listeners"), "java-listeners");
        return new Rules(policy, lockWait, attemptTimeout, stacks, poolMode, logRefusals, dialect, name, listeners,
                serviceLoader);
    }

    private Rules.Listener listener(Node node) {
        Map<String, Node> entry = mapping(node, LISTENER, "a listener");
        for (String required : List.of("on", "target", "ddl")) {
            if (!entry.containsKey(required)) {
                throw problem(node, "a listener needs '" + required + "' (it has " + entry.keySet() + ")");
            }
        }
        DdlEvent event = event(entry.get("on"));
        Target target = target(entry.get("target"));
        Map<String, String> context = new LinkedHashMap<>();
        if (entry.containsKey("context")) {
            for (Map.Entry<String, Node> e : mapping(entry.get("context"), null, "context").entrySet()) {
                context.put(e.getKey(), scalar(e.getValue(), "context." + e.getKey()));
            }
        }
        Node ddlNode = entry.get("ddl");
        String sql = nonBlank(ddlNode, "ddl");
        checkTemplate(ddlNode, sql, context.keySet());
        Ddl ddl;
        try {
            ddl = Ddl.of(sql, context);
        } catch (IllegalArgumentException e) {
            throw problem(ddlNode, "ddl: " + e.getMessage());
        }
        DdlListener listener = ddl;
        if (entry.containsKey("execute-if")) {
            Map<String, Node> condition = mapping(entry.get("execute-if"), EXECUTE_IF, "execute-if");
            Node dialects = condition.get("dialect");
            if (dialects != null) {
                List<String> names = scalarOrList(dialects, "execute-if.dialect");
                for (String n : names) {
                    dialect(dialects, n);
                }
                listener = ddl.executeIf(ExecuteIf.dialect(names.toArray(String[]::new)));
            }
        }
        return new Rules.Listener(event, target, listener, line(node));
    }

    /** Every {@code %(key)s} of {@code sql} must be a built-in key or one of {@code context}. */
    private void checkTemplate(Node node, String sql, Set<String> context) {
        Matcher m = TEMPLATE_KEY.matcher(sql.replace("%%", ""));
        while (m.find()) {
            String key = m.group(1);
            if (!BUILT_IN_KEYS.contains(key) && !context.contains(key)) {
                throw problem(node, "ddl uses %(" + key + ")s, which is neither a built-in key " + BUILT_IN_KEYS
                        + " nor a key of 'context'");
            }
        }
    }

    private DdlEvent event(Node node) {
        String value = scalar(node, "on");
        try {
            return DdlEvent.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw problem(node, "on: unknown event '" + value + "'; one of " + lower(DdlEvent.values()));
        }
    }

    /**
     * {@code any}, {@code unit}, {@code any KIND} or {@code KIND NAME} where NAME may be {@code schema.name} and
     * either part may be double-quoted.
     */
    private Target target(Node node) {
        String value = scalar(node, "target").trim();
        String[] words = value.split("\\s+", 2);
        String first = words[0].toLowerCase(Locale.ROOT);
        if (words.length == 1) {
            return switch (first) {
                case "any" -> Target.any();
                case "unit" -> Target.unit();
                default -> throw problem(node, "target: '" + value + "' needs a name ('table users') or 'any "
                        + first + "'");
            };
        }
        if (first.equals("any")) {
            return Target.any(kind(node, words[1].trim()));
        }
        ObjectKind kind = kind(node, first);
        String[] parts = splitQualified(words[1].trim());
        if (parts == null) {
            throw problem(node, "target: cannot read the name '" + words[1].trim() + "'");
        }
        return parts.length == 1 ? Target.of(kind, null, parts[0]) : Target.of(kind, parts[0], parts[1]);
    }

    private ObjectKind kind(Node node, String word) {
        try {
            return ObjectKind.valueOf(word.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw problem(node, "target: unknown object kind '" + word + "'; one of " + lower(ObjectKind.values()));
        }
    }

    /** {@code name} or {@code schema.name}, splitting only at a dot outside double quotes; null if malformed. */
    private static String[] splitQualified(String name) {
        boolean quoted = false;
        int dot = -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                if (dot >= 0) {
                    return null;
                }
                dot = i;
            } else if (Character.isWhitespace(c) && !quoted) {
                return null;
            }
        }
        if (quoted || dot == 0 || dot == name.length() - 1) {
            return null;
        }
        return dot < 0 ? new String[] {name} : new String[] {name.substring(0, dot), name.substring(dot + 1)};
    }

    private DropPolicy policy(Node node) {
        String value = scalar(node, "drop-policy");
        try {
            return DropPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw problem(node, "drop-policy: unknown policy '" + value + "'; one of "
                    + lower(DropPolicy.values()));
        }
    }

    private PoolMode poolMode(Node node) {
        String value = scalar(node, "pool-mode");
        try {
            return PoolMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw problem(node, "pool-mode: unknown mode '" + value + "'; one of " + lower(PoolMode.values()));
        }
    }

    /** {@code 5s}, {@code 250ms}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT5S}). */
    private Duration duration(Node node, String key, Duration least) {
        String value = scalar(node, key).trim();
        Duration d;
        Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw problem(node, key + ": cannot read '" + value + "' as a duration (write 5s, 250ms, 2m or PT5S)");
            }
        }
        if (d.compareTo(least) < 0) {
            throw problem(node, key + " cannot be less than " + (least.isZero() ? "0" : least.toMillis() + "ms")
                    + ": " + value);
        }
        return d;
    }

    private boolean bool(Node node, String key) {
        String value = scalar(node, key).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw problem(node, key + ": expected true or false, not '" + value + "'");
        };
    }

    private Dialect dialect(Node node) {
        return dialect(node, scalar(node, "dialect"));
    }

    private Dialect dialect(Node node, String name) {
        try {
            return Dialect.of(name);
        } catch (IllegalArgumentException e) {
            throw problem(node, "unknown dialect '" + name + "': " + e.getMessage());
        }
    }

    private String nonBlank(Node node, String key) {
        String value = scalar(node, key);
        if (value.isBlank()) {
            throw problem(node, key + " cannot be blank");
        }
        return value;
    }

    private String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode s)) {
            throw problem(node, key + ": expected a single value, found " + shape(node));
        }
        return s.getValue();
    }

    private List<String> scalarOrList(Node node, String key) {
        if (node instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        List<String> values = new ArrayList<>();
        for (Node item : sequence(node, key)) {
            values.add(scalar(item, key));
        }
        if (values.isEmpty()) {
            throw problem(node, key + " cannot be empty");
        }
        return values;
    }

    private List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode s)) {
            throw problem(node, what + ": expected a list, found " + shape(node));
        }
        return s.getValue();
    }

    /**
     * The keys and values of a mapping, in file order.
     *
     * @param allowed the keys it may have, or null for any
     */
    private Map<String, Node> mapping(Node node, Set<String> allowed, String what) {
        if (!(node instanceof MappingNode m)) {
            throw problem(node, what + ": expected keys and values, found " + shape(node));
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : m.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = scalar(keyNode, "a key of " + what);
            if (allowed != null && !allowed.contains(key)) {
                throw problem(keyNode, "unknown key '" + key + "' in " + what + "; known keys: "
                        + allowed.stream().sorted().toList());
            }
            if (!seen.add(key)) {
                throw problem(keyNode, "'" + key + "' appears twice in " + what);
            }
            entries.put(key, tuple.getValueNode());
        }
        return entries;
    }

    private static String shape(Node node) {
        return switch (node.getNodeId()) {
            case scalar -> "a single value";
            case sequence -> "a list";
            case mapping -> "keys and values";
            default -> node.getNodeId().toString();
        };
    }

    private RulesException problem(Node node, String message) {
        return new RulesException(file, line(node), message);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String lower(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList().toString();
    }
}
