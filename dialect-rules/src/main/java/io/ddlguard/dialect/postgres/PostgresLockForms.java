package io.ddlguard.dialect.postgres;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.postgres.LockShape.Part;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.ddlguard.dialect.postgres.LockMode.ACCESS_EXCLUSIVE;
import static io.ddlguard.dialect.postgres.LockMode.ACCESS_SHARE;
import static io.ddlguard.dialect.postgres.LockMode.EXCLUSIVE;
import static io.ddlguard.dialect.postgres.LockMode.SHARE;
import static io.ddlguard.dialect.postgres.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.ddlguard.dialect.postgres.LockMode.SHARE_UPDATE_EXCLUSIVE;

/**
 * The one list of PostgreSQL statement forms whose locks ddlguard knows beyond the element model's: which relations
 * a form names and what it locks on and around each ({@link LockShape}), read from the statement's text. Every form
 * here is checked against {@code pg_locks} by {@code PostgresLockPlannerIT}; the modes are those measured on
 * PostgreSQL 17 (dialect-rules/LOCKS-postgres-forms.md). A statement with any part this list does not know gives
 * empty, and the guard then bounds it without a plan. Stateless and thread-safe.
 *
 * <p>The forms: {@code ALTER TABLE} with {@code OWNER TO}, {@code SET TABLESPACE}, {@code ENABLE/DISABLE
 * TRIGGER|RULE|ROW LEVEL SECURITY}, {@code FORCE/NO FORCE ROW LEVEL SECURITY}, {@code VALIDATE CONSTRAINT},
 * {@code RENAME CONSTRAINT}, {@code ALTER CONSTRAINT}, {@code SET/RESET (...)}, {@code REPLICA IDENTITY},
 * {@code CLUSTER ON}, {@code SET WITHOUT CLUSTER}, {@code INHERIT}, {@code NO INHERIT}, {@code ATTACH PARTITION},
 * {@code DETACH PARTITION [FINALIZE]}, {@code ALTER COLUMN ... SET STATISTICS | SET (...) | RESET (...)}, and the
 * subcommands the element model reads (planned by their elements too); {@code ALTER INDEX | VIEW | SEQUENCE |
 * MATERIALIZED VIEW} with {@code RENAME}, {@code SET SCHEMA}, {@code OWNER TO}, {@code SET/RESET (...)};
 * {@code REINDEX INDEX | TABLE}; {@code REFRESH MATERIALIZED VIEW [CONCURRENTLY]}; {@code CLUSTER};
 * {@code VACUUM [FULL]} and {@code ANALYZE} of named tables; {@code LOCK TABLE}; {@code CREATE/DROP/ALTER TRIGGER |
 * POLICY | RULE}; {@code COMMENT ON} a relation, column or constraint; {@code CREATE TABLE ... PARTITION OF |
 * INHERITS | LIKE} and with foreign keys; {@code ALTER TYPE} (a composite type's own relation).
 */
public final class PostgresLockForms {

    private static final DialectRules RULES = DialectRules.of(Dialect.POSTGRESQL);
    /** Storage parameters whose change takes AccessExclusiveLock; every other one takes ShareUpdateExclusiveLock. */
    private static final Set<String> EXCLUSIVE_PARAMETERS = Set.of("user_catalog_table");

    private PostgresLockForms() {
    }

    /** The relations {@code sql} locks and how, or empty when its form (or a part of it) is not in this list. */
    public static Optional<List<LockShape>> of(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        if (t.statementCount() == 0) {
            return Optional.empty();
        }
        Reader r = new Reader(t, t.statementFirstToken(0), t.statementEndToken(0));
        try {
            return r.read() ? Optional.of(r.shapes()) : Optional.empty();
        } catch (Unknown e) {
            return Optional.empty();
        }
    }

    /** The parents a {@code CREATE TABLE ... INHERITS (a, b)} names; empty when it inherits from none. */
    public static List<QualifiedName> inheritsFrom(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            if (t.isSymbol(i, '(')) {
                depth++;
            } else if (t.isSymbol(i, ')')) {
                depth--;
            } else if (depth == 0 && t.isWord(i, "INHERITS") && t.isSymbol(i + 1, '(')) {
                Reader r = new Reader(t, i + 2, t.size());
                List<QualifiedName> parents = new ArrayList<>(1);
                try {
                    do {
                        parents.add(r.name());
                    } while (r.acceptSymbol(','));
                } catch (Unknown e) {
                    return List.of();
                }
                return parents;
            }
        }
        return List.of();
    }

    /**
     * The objects a {@code DROP TYPE | DOMAIN | FUNCTION | PROCEDURE | ROUTINE} names, as PostgreSQL's
     * {@code to_regtype} and {@code to_regprocedure} read them: each name as written, with its argument list where
     * one is given ({@code f(int, text)}); empty for any other statement.
     */
    public static List<String> droppedTypesOrRoutines(String sql) {
        Tokens t = SqlLexer.tokenize(sql, RULES);
        if (t.size() < 3 || !t.isWord(0, "DROP")) {
            return List.of();
        }
        if (!t.isWord(1, "TYPE") && !t.isWord(1, "DOMAIN") && !t.isWord(1, "FUNCTION") && !t.isWord(1, "PROCEDURE")
                && !t.isWord(1, "ROUTINE")) {
            return List.of();
        }
        int i = 2;
        if (t.isWord(i, "IF") && t.isWord(i + 1, "EXISTS")) {
            i += 2;
        }
        List<String> names = new ArrayList<>(1);
        while (i < t.size()) {
            int start = i;
            while (i < t.size() && (t.kind(i) == Tokens.WORD || t.kind(i) == Tokens.QUOTED || t.isSymbol(i, '.'))
                    && !t.isWord(i, "CASCADE") && !t.isWord(i, "RESTRICT")) {
                i++;
            }
            if (i == start) {
                break;
            }
            if (t.isSymbol(i, '(')) {
                int depth = 0;
                do {
                    depth += t.isSymbol(i, '(') ? 1 : t.isSymbol(i, ')') ? -1 : 0;
                    i++;
                } while (i < t.size() && depth > 0);
            }
            names.add(sql.substring(t.start(start), t.end(i - 1)));
            if (!t.isSymbol(i, ',')) {
                break;
            }
            i++;
        }
        return names;
    }

    /** The (possibly schema-qualified) name at token {@code i} of {@code t}, or null when there is none. */
    static QualifiedName nameAt(Tokens t, int i) {
        try {
            return new Reader(t, i, t.size()).name();
        } catch (Unknown e) {
            return null;
        }
    }

    /** A part of the statement that is not in the list. */
    private static final class Unknown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unknown() {
            super(null, null, false, false);
        }
    }

    /** Reads one statement's tokens; not thread-safe. */
    private static final class Reader {
        private final Tokens t;
        private final int end;
        private int p;
        private final Map<String, LockShape> shapes = new LinkedHashMap<>();

        Reader(Tokens t, int first, int end) {
            this.t = t;
            this.p = first;
            this.end = end;
        }

        List<LockShape> shapes() {
            return new ArrayList<>(shapes.values());
        }

        private void lock(QualifiedName name, Part part, LockMode mode) {
            String key = name.toString();
            LockShape shape = new LockShape(name, Map.of(part, mode));
            shapes.merge(key, shape, LockShape::merge);
        }

        private void lock(QualifiedName name, LockMode mode) {
            lock(name, Part.SELF, mode);
        }

        boolean read() {
            if (accept("ALTER")) {
                return alter();
            } else if (accept("REINDEX")) {
                return reindex();
            } else if (accept("REFRESH")) {
                expect("MATERIALIZED");
                expect("VIEW");
                boolean concurrently = accept("CONCURRENTLY");
                QualifiedName mv = name();
                lock(mv, concurrently ? EXCLUSIVE : ACCESS_EXCLUSIVE);
                lock(mv, Part.INDEXES, concurrently ? LockMode.ROW_EXCLUSIVE : ACCESS_EXCLUSIVE);
                if (!concurrently) {
                    lock(mv, Part.TOAST, ACCESS_EXCLUSIVE);
                    lock(mv, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
                }
                return true;
            } else if (accept("CLUSTER")) {
                return cluster();
            } else if (at("VACUUM") || at("ANALYZE") || at("ANALYSE")) {
                // plain VACUUM and ANALYZE take ShareUpdateExclusiveLock, FULL AccessExclusiveLock
                return vacuumOrAnalyze();
            } else if (accept("LOCK")) {
                return lockTable();
            } else if (accept("CREATE")) {
                return create();
            } else if (accept("DROP")) {
                return drop();
            } else if (accept("COMMENT")) {
                return comment();
            }
            return false;
        }

        private boolean alter() {
            if (accept("TABLE")) {
                acceptIfExists();
                accept("ONLY");
                QualifiedName table = name();
                acceptSymbol('*');
                do {
                    alterTableAction(table);
                    skipToComma();
                } while (acceptSymbol(','));
                return true;
            }
            if (accept("INDEX")) {
                acceptIfExists();
                QualifiedName index = name();
                if (accept("RENAME")) {
                    lock(index, SHARE_UPDATE_EXCLUSIVE);
                } else if (at("SET") && t.isSymbol(p + 1, '(') || accept("RESET")) {
                    lock(index, SHARE_UPDATE_EXCLUSIVE);
                } else if (at("SET") && t.isWord(p + 1, "TABLESPACE")) {
                    lock(index, ACCESS_EXCLUSIVE);
                } else if (accept("ALTER")) {
                    accept("COLUMN");
                    p++;
                    expect("SET");
                    expect("STATISTICS");
                    lock(index, SHARE_UPDATE_EXCLUSIVE);
                } else {
                    throw new Unknown();
                }
                return true;
            }
            if (accept("TYPE")) {
                // a composite type's pg_class entry (nothing for an enum or a base type): tables using it are not locked
                lock(name(), ACCESS_EXCLUSIVE);
                return true;
            }
            boolean view = accept("VIEW");
            boolean materialized = !view && accept("MATERIALIZED") && accept("VIEW");
            boolean sequence = !view && !materialized && accept("SEQUENCE");
            if (!view && !materialized && !sequence) {
                return alterTriggerPolicyRule();
            }
            acceptIfExists();
            QualifiedName relation = name();
            if (accept("RENAME") || (accept("OWNER") && accept("TO"))) {
                lock(relation, ACCESS_EXCLUSIVE);
            } else if (at("SET") && t.isWord(p + 1, "SCHEMA")) {
                lock(relation, ACCESS_EXCLUSIVE);
            } else if (view && (at("SET") || at("RESET") || at("ALTER"))) {
                lock(relation, ACCESS_EXCLUSIVE);
            } else if (sequence) {
                // RESTART, INCREMENT, OWNED BY, ...: the sequence's own options
                lock(relation, SHARE_ROW_EXCLUSIVE);
                for (int i = p; i + 2 < end; i++) {
                    if (t.isWord(i, "OWNED") && t.isWord(i + 1, "BY") && !t.isWord(i + 2, "NONE")) {
                        p = i + 2;
                        List<Identifier> column = parts();
                        if (column.size() >= 2) {
                            column.remove(column.size() - 1);
                            lock(qualified(column), ACCESS_SHARE);
                        }
                        break;
                    }
                }
            } else {
                throw new Unknown();
            }
            return true;
        }

        /** {@code ALTER TRIGGER t ON x RENAME ...}, {@code ALTER POLICY p ON x ...}, {@code ALTER RULE ...}. */
        private boolean alterTriggerPolicyRule() {
            if (!accept("TRIGGER") && !accept("POLICY") && !accept("RULE")) {
                return false;
            }
            acceptIfExists();
            name();
            expect("ON");
            lock(name(), ACCESS_EXCLUSIVE);
            return true;
        }

        private void alterTableAction(QualifiedName table) {
            if (accept("OWNER")) {
                expect("TO");
                lock(table, ACCESS_EXCLUSIVE);
                lock(table, Part.INDEXES, ACCESS_EXCLUSIVE);
                lock(table, Part.TOAST, ACCESS_EXCLUSIVE);
                lock(table, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
                lock(table, Part.OWNED_SEQUENCES, ACCESS_EXCLUSIVE);
            } else if (at("SET") && t.isWord(p + 1, "TABLESPACE")) {
                lock(table, ACCESS_EXCLUSIVE);
            } else if (at("SET") && t.isSymbol(p + 1, '(') || at("RESET")) {
                p++;
                LockMode mode = parameters();
                lock(table, mode);
                lock(table, Part.TOAST, mode);
            } else if (at("SET") && t.isWord(p + 1, "SCHEMA")) {
                lock(table, ACCESS_EXCLUSIVE);
                lock(table, Part.OWNED_SEQUENCES, ACCESS_EXCLUSIVE);
            } else if (at("SET") && t.isWord(p + 1, "WITHOUT") && t.isWord(p + 2, "CLUSTER")) {
                lock(table, SHARE_UPDATE_EXCLUSIVE);
            } else if (at("CLUSTER") && t.isWord(p + 1, "ON")) {
                p += 2;
                lock(table, SHARE_UPDATE_EXCLUSIVE);
                QualifiedName index = name();
                lock(index.schema().isPresent() ? index : new QualifiedName(Optional.empty(), table.schema(),
                        index.name()), SHARE_UPDATE_EXCLUSIVE);
            } else if (at("ENABLE") || at("DISABLE")) {
                p++;
                accept("ALWAYS");
                accept("REPLICA");
                if (at("TRIGGER")) {
                    lock(table, SHARE_ROW_EXCLUSIVE);
                } else if (at("RULE") || at("ROW")) {
                    lock(table, ACCESS_EXCLUSIVE);
                } else {
                    throw new Unknown();
                }
            } else if (at("FORCE") || at("NO") && t.isWord(p + 1, "FORCE")) {
                lock(table, ACCESS_EXCLUSIVE);
            } else if (at("VALIDATE") && t.isWord(p + 1, "CONSTRAINT")) {
                lock(table, SHARE_UPDATE_EXCLUSIVE);
            } else if (at("REPLICA") && t.isWord(p + 1, "IDENTITY")) {
                lock(table, ACCESS_EXCLUSIVE);
            } else if (accept("INHERIT")) {
                lock(table, ACCESS_EXCLUSIVE);
                lock(name(), SHARE_UPDATE_EXCLUSIVE);
            } else if (at("NO") && t.isWord(p + 1, "INHERIT")) {
                p += 2;
                lock(table, ACCESS_EXCLUSIVE);
                lock(name(), ACCESS_SHARE);
            } else if (accept("ATTACH")) {
                expect("PARTITION");
                QualifiedName partition = name();
                lock(table, SHARE_UPDATE_EXCLUSIVE);
                lock(table, Part.PARTITIONED_INDEXES, SHARE_UPDATE_EXCLUSIVE);
                lock(table, Part.DEFAULT_PARTITION, ACCESS_EXCLUSIVE);
                lock(partition, ACCESS_EXCLUSIVE);
            } else if (accept("DETACH")) {
                expect("PARTITION");
                QualifiedName partition = name();
                if (accept("CONCURRENTLY")) {
                    throw new Unknown(); // waits for every transaction using the table: single attempt, unplanned
                } else if (accept("FINALIZE")) {
                    lock(table, SHARE_UPDATE_EXCLUSIVE);
                    lock(partition, ACCESS_EXCLUSIVE);
                } else {
                    lock(table, ACCESS_EXCLUSIVE);
                    lock(table, Part.DEFAULT_PARTITION, ACCESS_EXCLUSIVE);
                    lock(partition, ACCESS_EXCLUSIVE);
                    lock(partition, Part.INDEXES, ACCESS_EXCLUSIVE);
                }
            } else if (at("RENAME") && t.isWord(p + 1, "CONSTRAINT")) {
                lock(table, ACCESS_EXCLUSIVE);
            } else if (at("ALTER") && t.isWord(p + 1, "CONSTRAINT")) {
                lock(table, ACCESS_EXCLUSIVE);
            } else if (accept("ALTER")) {
                accept("COLUMN");
                p++;
                lock(table, columnChange());
            } else if (at("ADD") && foreignKeyOnly()) {
                lock(table, SHARE_ROW_EXCLUSIVE);
            } else if (at("ADD") || at("DROP") || at("RENAME")) {
                lock(table, ACCESS_EXCLUSIVE); // the element model's forms: their elements plan them exactly
            } else {
                throw new Unknown();
            }
        }

        /** {@code ALTER COLUMN c} and the rest of its subcommand: statistics and options are the weak ones. */
        private LockMode columnChange() {
            if (at("SET") && t.isWord(p + 1, "STATISTICS")) {
                return SHARE_UPDATE_EXCLUSIVE;
            }
            if (at("SET") && t.isSymbol(p + 1, '(') || at("RESET")) {
                return SHARE_UPDATE_EXCLUSIVE;
            }
            return ACCESS_EXCLUSIVE;
        }

        /** Whether the {@code ADD} at {@code p} adds a foreign key and nothing else. */
        private boolean foreignKeyOnly() {
            for (int i = p; i < end && !t.isSymbol(i, ','); i++) {
                if (t.isWord(i, "FOREIGN") && t.isWord(i + 1, "KEY")) {
                    return true;
                }
                if (t.isSymbol(i, '(')) {
                    return false;
                }
            }
            return false;
        }

        /** {@code (name = value, ...)} after SET or RESET: the strongest mode its parameters need. */
        private LockMode parameters() {
            expectSymbol('(');
            LockMode mode = SHARE_UPDATE_EXCLUSIVE;
            int depth = 1;
            boolean atName = true;
            while (p < end && depth > 0) {
                if (t.isSymbol(p, '(')) {
                    depth++;
                } else if (t.isSymbol(p, ')')) {
                    depth--;
                } else if (depth == 1 && t.isSymbol(p, ',')) {
                    atName = true;
                    p++;
                    continue;
                } else if (depth == 1 && atName && t.kind(p) == Tokens.WORD) {
                    if (EXCLUSIVE_PARAMETERS.contains(t.text(p).toLowerCase(Locale.ROOT))) {
                        mode = ACCESS_EXCLUSIVE;
                    }
                    atName = false;
                }
                p++;
            }
            return mode;
        }

        private boolean reindex() {
            if (atSymbol('(')) {
                skipBalanced();
            }
            boolean index = accept("INDEX");
            if (!index && !accept("TABLE")) {
                return false; // SCHEMA, DATABASE, SYSTEM: every table of it
            }
            if (accept("CONCURRENTLY")) {
                return false; // leaves an INVALID index on timeout: single attempt, unplanned
            }
            QualifiedName name = name();
            if (index) {
                lock(name, ACCESS_EXCLUSIVE);
                lock(name, Part.TABLE_OF_INDEX, SHARE);
            } else {
                lock(name, SHARE);
                lock(name, Part.INDEXES, ACCESS_EXCLUSIVE);
                lock(name, Part.TOAST, SHARE);
                lock(name, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
            }
            return true;
        }

        private boolean cluster() {
            if (atSymbol('(')) {
                skipBalanced();
            }
            accept("VERBOSE");
            if (p >= end) {
                return false; // every table clustered before
            }
            QualifiedName first = name();
            QualifiedName table = accept("ON") ? name() : first;
            lock(table, ACCESS_EXCLUSIVE);
            lock(table, Part.INDEXES, ACCESS_EXCLUSIVE);
            lock(table, Part.TOAST, ACCESS_EXCLUSIVE);
            lock(table, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
            return true;
        }

        private boolean vacuumOrAnalyze() {
            boolean vacuum = accept("VACUUM");
            if (!vacuum) {
                p++;
            }
            boolean full = false;
            if (atSymbol('(')) {
                int close = closing(p);
                for (int i = p; i < close; i++) {
                    full |= t.isWord(i, "FULL") && !t.isWord(i + 1, "FALSE") && !t.isWord(i + 1, "OFF");
                }
                p = close + 1;
            }
            while (at("FULL") || at("FREEZE") || at("VERBOSE") || at("ANALYZE") || at("ANALYSE")) {
                full |= at("FULL");
                p++;
            }
            if (p >= end) {
                return false; // the whole database
            }
            do {
                QualifiedName table = name();
                if (atSymbol('(')) {
                    skipBalanced();
                }
                if (vacuum && full) {
                    lock(table, ACCESS_EXCLUSIVE);
                    lock(table, Part.INDEXES, ACCESS_EXCLUSIVE);
                    lock(table, Part.TOAST, ACCESS_EXCLUSIVE);
                    lock(table, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
                } else {
                    lock(table, SHARE_UPDATE_EXCLUSIVE);
                    lock(table, Part.DESCENDANTS, SHARE_UPDATE_EXCLUSIVE);
                    if (vacuum) {
                        lock(table, Part.TOAST, SHARE_UPDATE_EXCLUSIVE);
                    }
                }
            } while (acceptSymbol(','));
            return true;
        }

        private boolean lockTable() {
            accept("TABLE");
            List<QualifiedName> names = new ArrayList<>(1);
            List<Boolean> only = new ArrayList<>(1);
            do {
                only.add(accept("ONLY"));
                names.add(name());
                acceptSymbol('*');
            } while (acceptSymbol(','));
            LockMode mode = ACCESS_EXCLUSIVE;
            if (accept("IN")) {
                StringBuilder words = new StringBuilder();
                while (p < end && !at("MODE")) {
                    words.append(words.isEmpty() ? "" : " ").append(t.upperWord(p));
                    p++;
                }
                mode = switch (words.toString()) {
                    case "ACCESS SHARE" -> ACCESS_SHARE;
                    case "ROW SHARE" -> LockMode.ROW_SHARE;
                    case "ROW EXCLUSIVE" -> LockMode.ROW_EXCLUSIVE;
                    case "SHARE UPDATE EXCLUSIVE" -> SHARE_UPDATE_EXCLUSIVE;
                    case "SHARE" -> SHARE;
                    case "SHARE ROW EXCLUSIVE" -> SHARE_ROW_EXCLUSIVE;
                    case "EXCLUSIVE" -> EXCLUSIVE;
                    case "ACCESS EXCLUSIVE" -> ACCESS_EXCLUSIVE;
                    default -> throw new Unknown();
                };
            }
            for (int i = 0; i < names.size(); i++) {
                lock(names.get(i), mode);
                if (!only.get(i)) {
                    lock(names.get(i), Part.DESCENDANTS, mode);
                }
            }
            return true;
        }

        private boolean create() {
            boolean orReplace = accept("OR") && accept("REPLACE");
            accept("CONSTRAINT");
            if (accept("TRIGGER")) {
                onTable(SHARE_ROW_EXCLUSIVE);
                return true;
            }
            if (!orReplace && accept("POLICY")) {
                return onTable(ACCESS_EXCLUSIVE);
            }
            if (accept("RULE")) {
                name();
                expect("AS");
                expect("ON");
                p++;
                expect("TO");
                lock(name(), ACCESS_EXCLUSIVE);
                return true;
            }
            return false;
        }

        private boolean drop() {
            if (!accept("TRIGGER") && !accept("POLICY") && !accept("RULE")) {
                return false;
            }
            acceptIfExists();
            return onTable(ACCESS_EXCLUSIVE);
        }

        /**
         * {@code name ON table ...} (for a trigger, after its timing and events): locks the table; a trigger on a
         * partitioned table is created on every partition too.
         */
        private boolean onTable(LockMode mode) {
            while (p < end && !at("ON")) {
                p++;
            }
            expect("ON");
            QualifiedName table = name();
            lock(table, mode);
            if (mode == SHARE_ROW_EXCLUSIVE) {
                lock(table, Part.DESCENDANTS, mode);
            }
            return true;
        }

        private boolean comment() {
            expect("ON");
            if (accept("COLUMN")) {
                List<Identifier> parts = parts();
                if (parts.size() < 2) {
                    throw new Unknown();
                }
                parts.remove(parts.size() - 1);
                lock(qualified(parts), SHARE_UPDATE_EXCLUSIVE);
                return true;
            }
            if (accept("CONSTRAINT")) {
                name();
                expect("ON");
                if (accept("DOMAIN")) {
                    return true;
                }
                lock(name(), ACCESS_SHARE); // the constraint's object lock is what it takes (measured)
                return true;
            }
            boolean relation = accept("TABLE") || accept("VIEW") || accept("INDEX") || accept("SEQUENCE")
                    || (accept("MATERIALIZED") && accept("VIEW")) || (accept("FOREIGN") && accept("TABLE"));
            if (!relation) {
                return false;
            }
            lock(name(), SHARE_UPDATE_EXCLUSIVE);
            return true;
        }

        private QualifiedName name() {
            return qualified(parts());
        }

        private List<Identifier> parts() {
            List<Identifier> parts = new ArrayList<>(2);
            while (p < end && (t.kind(p) == Tokens.WORD || t.kind(p) == Tokens.QUOTED)) {
                parts.add(new Identifier(t.identifierValue(p), t.kind(p) == Tokens.QUOTED));
                p++;
                if (!atSymbol('.')) {
                    break;
                }
                p++;
            }
            if (parts.isEmpty()) {
                throw new Unknown();
            }
            return parts;
        }

        private static QualifiedName qualified(List<Identifier> parts) {
            int n = parts.size();
            if (n > 3) {
                throw new Unknown();
            }
            return new QualifiedName(n == 3 ? Optional.of(parts.get(0)) : Optional.empty(),
                    n >= 2 ? Optional.of(parts.get(n - 2)) : Optional.empty(), parts.get(n - 1));
        }

        private void skipToComma() {
            int depth = 0;
            while (p < end) {
                if (t.isSymbol(p, '(')) {
                    depth++;
                } else if (t.isSymbol(p, ')')) {
                    depth--;
                } else if (depth == 0 && t.isSymbol(p, ',')) {
                    return;
                }
                p++;
            }
        }

        private int closing(int open) {
            int depth = 0;
            for (int i = open; i < end; i++) {
                if (t.isSymbol(i, '(')) {
                    depth++;
                } else if (t.isSymbol(i, ')') && --depth == 0) {
                    return i;
                }
            }
            throw new Unknown();
        }

        private void skipBalanced() {
            p = closing(p) + 1;
        }

        private boolean at(String word) {
            return p < end && t.isWord(p, word);
        }

        private boolean accept(String word) {
            if (at(word)) {
                p++;
                return true;
            }
            return false;
        }

        private void expect(String word) {
            if (!accept(word)) {
                throw new Unknown();
            }
        }

        private boolean atSymbol(char c) {
            return p < end && t.isSymbol(p, c);
        }

        private boolean acceptSymbol(char c) {
            if (atSymbol(c)) {
                p++;
                return true;
            }
            return false;
        }

        private void expectSymbol(char c) {
            if (!acceptSymbol(c)) {
                throw new Unknown();
            }
        }

        private void acceptIfExists() {
            if (at("IF") && t.isWord(p + 1, "EXISTS")) {
                p += 2;
            }
        }
    }
}
