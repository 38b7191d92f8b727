package io.ddlguard.dialect.postgres;

import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.dialect.postgres.LockShape.Part;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;

import static io.ddlguard.dialect.postgres.LockMode.ACCESS_EXCLUSIVE;
import static io.ddlguard.dialect.postgres.LockMode.ACCESS_SHARE;
import static io.ddlguard.dialect.postgres.LockMode.EXCLUSIVE;
import static io.ddlguard.dialect.postgres.LockMode.SHARE;
import static io.ddlguard.dialect.postgres.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.ddlguard.dialect.postgres.LockMode.SHARE_UPDATE_EXCLUSIVE;

/**
 * Reads one statement of {@link PostgresLockForms}' list into the shapes of its locks: the statement kinds, with
 * {@link AlterForms} for {@code ALTER}. Not thread-safe: one per statement.
 */
final class FormReader {
    private final TokenCursor c;
    private final ShapeReader shapes;
    private final AlterForms alter;

    FormReader(TokenCursor c, ShapeReader shapes) {
        this.c = c;
        this.shapes = shapes;
        this.alter = new AlterForms(c, shapes);
    }

    /** Whether the statement is a form of the list, read to its end; its shapes are then in {@code shapes}. */
    boolean read() {
        if (c.accept("ALTER")) {
            return alter.alter();
        } else if (c.accept("REINDEX")) {
            return reindex();
        } else if (c.accept("REFRESH")) {
            c.expect("MATERIALIZED");
            c.expect("VIEW");
            boolean concurrently = c.accept("CONCURRENTLY");
            QualifiedName mv = shapes.name();
            shapes.lock(mv, concurrently ? EXCLUSIVE : ACCESS_EXCLUSIVE);
            shapes.lock(mv, Part.INDEXES, concurrently ? LockMode.ROW_EXCLUSIVE : ACCESS_EXCLUSIVE);
            if (!concurrently) {
                shapes.lock(mv, Part.TOAST, ACCESS_EXCLUSIVE);
                shapes.lock(mv, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
            }
            return true;
        } else if (c.accept("CLUSTER")) {
            return cluster();
        } else if (c.at("VACUUM") || c.at("ANALYZE") || c.at("ANALYSE")) {
            // plain VACUUM and ANALYZE take ShareUpdateExclusiveLock, FULL AccessExclusiveLock
            return vacuumOrAnalyze();
        } else if (c.accept("LOCK")) {
            return lockTable();
        } else if (c.accept("CREATE")) {
            return create();
        } else if (c.accept("DROP")) {
            return drop();
        } else if (c.accept("COMMENT")) {
            return comment();
        }
        return false;
    }

    boolean reindex() {
        if (c.atSymbol('(')) {
            shapes.skipBalanced();
        }
        boolean index = c.accept("INDEX");
        if (!index && !c.accept("TABLE")) {
            return false; // SCHEMA, DATABASE, SYSTEM: every table of it
        }
        if (c.accept("CONCURRENTLY")) {
            return false; // leaves an INVALID index on timeout: single attempt, unplanned
        }
        QualifiedName name = shapes.name();
        if (index) {
            shapes.lock(name, ACCESS_EXCLUSIVE);
            shapes.lock(name, Part.TABLE_OF_INDEX, SHARE);
        } else {
            shapes.lock(name, SHARE);
            shapes.lock(name, Part.INDEXES, ACCESS_EXCLUSIVE);
            shapes.lock(name, Part.TOAST, SHARE);
            shapes.lock(name, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
        }
        return true;
    }

    boolean cluster() {
        if (c.atSymbol('(')) {
            shapes.skipBalanced();
        }
        c.accept("VERBOSE");
        if (c.p >= c.end) {
            return false; // every table clustered before
        }
        QualifiedName first = shapes.name();
        QualifiedName table = c.accept("ON") ? shapes.name() : first;
        shapes.lock(table, ACCESS_EXCLUSIVE);
        shapes.lock(table, Part.INDEXES, ACCESS_EXCLUSIVE);
        shapes.lock(table, Part.TOAST, ACCESS_EXCLUSIVE);
        shapes.lock(table, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
        return true;
    }

    boolean vacuumOrAnalyze() {
        boolean vacuum = c.accept("VACUUM");
        if (!vacuum) {
            c.p++;
        }
        boolean full = false;
        if (c.atSymbol('(')) {
            int close = shapes.closing(c.p);
            for (int i = c.p; i < close; i++) {
                full |= c.t.isWord(i, "FULL") && !c.t.isWord(i + 1, "FALSE") && !c.t.isWord(i + 1, "OFF");
            }
            c.p = close + 1;
        }
        while (c.at("FULL") || c.at("FREEZE") || c.at("VERBOSE") || c.at("ANALYZE") || c.at("ANALYSE")) {
            full |= c.at("FULL");
            c.p++;
        }
        if (c.p >= c.end) {
            return false; // the whole database
        }
        do {
            QualifiedName table = shapes.name();
            if (c.atSymbol('(')) {
                shapes.skipBalanced();
            }
            if (vacuum && full) {
                shapes.lock(table, ACCESS_EXCLUSIVE);
                shapes.lock(table, Part.INDEXES, ACCESS_EXCLUSIVE);
                shapes.lock(table, Part.TOAST, ACCESS_EXCLUSIVE);
                shapes.lock(table, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
            } else {
                shapes.lock(table, SHARE_UPDATE_EXCLUSIVE);
                shapes.lock(table, Part.DESCENDANTS, SHARE_UPDATE_EXCLUSIVE);
                if (vacuum) {
                    shapes.lock(table, Part.TOAST, SHARE_UPDATE_EXCLUSIVE);
                }
            }
        } while (c.acceptSymbol(','));
        return true;
    }

    boolean lockTable() {
        c.accept("TABLE");
        List<QualifiedName> names = new ArrayList<>(1);
        List<Boolean> only = new ArrayList<>(1);
        do {
            only.add(c.accept("ONLY"));
            names.add(shapes.name());
            c.acceptSymbol('*');
        } while (c.acceptSymbol(','));
        LockMode mode = ACCESS_EXCLUSIVE;
        if (c.accept("IN")) {
            StringBuilder words = new StringBuilder();
            while (c.p < c.end && !c.at("MODE")) {
                words.append(words.isEmpty() ? "" : " ").append(c.t.upperWord(c.p));
                c.p++;
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
                default -> throw new TokenCursor.Unreadable();
            };
        }
        for (int i = 0; i < names.size(); i++) {
            shapes.lock(names.get(i), mode);
            if (!only.get(i)) {
                shapes.lock(names.get(i), Part.DESCENDANTS, mode);
            }
        }
        return true;
    }

    boolean create() {
        boolean orReplace = c.accept("OR") && c.accept("REPLACE");
        c.accept("CONSTRAINT");
        if (c.accept("TRIGGER")) {
            onTable(SHARE_ROW_EXCLUSIVE);
            return true;
        }
        if (!orReplace && c.accept("POLICY")) {
            return onTable(ACCESS_EXCLUSIVE);
        }
        if (c.accept("RULE")) {
            shapes.name();
            c.expect("AS");
            c.expect("ON");
            c.p++;
            c.expect("TO");
            shapes.lock(shapes.name(), ACCESS_EXCLUSIVE);
            return true;
        }
        return false;
    }

    boolean drop() {
        if (!c.accept("TRIGGER") && !c.accept("POLICY") && !c.accept("RULE")) {
            return false;
        }
        c.acceptIfExists();
        return onTable(ACCESS_EXCLUSIVE);
    }

    /**
     * {@code name ON table ...} (for a trigger, after its timing and events): locks the table; a trigger on a
     * partitioned table is created on every partition too.
     */
    boolean onTable(LockMode mode) {
        while (c.p < c.end && !c.at("ON")) {
            c.p++;
        }
        c.expect("ON");
        QualifiedName table = shapes.name();
        shapes.lock(table, mode);
        if (mode == SHARE_ROW_EXCLUSIVE) {
            shapes.lock(table, Part.DESCENDANTS, mode);
        }
        return true;
    }

    boolean comment() {
        c.expect("ON");
        if (c.accept("COLUMN")) {
            List<Identifier> parts = shapes.parts();
            if (parts.size() < 2) {
                throw new TokenCursor.Unreadable();
            }
            parts.remove(parts.size() - 1);
            shapes.lock(ShapeReader.qualified(parts), SHARE_UPDATE_EXCLUSIVE);
            return true;
        }
        if (c.accept("CONSTRAINT")) {
            shapes.name();
            c.expect("ON");
            if (c.accept("DOMAIN")) {
                return true;
            }
            shapes.lock(shapes.name(), ACCESS_SHARE); // the constraint's object lock is what it takes (measured)
            return true;
        }
        boolean relation = c.accept("TABLE") || c.accept("VIEW") || c.accept("INDEX") || c.accept("SEQUENCE")
                || (c.accept("MATERIALIZED") && c.accept("VIEW")) || (c.accept("FOREIGN") && c.accept("TABLE"));
        if (!relation) {
            return false;
        }
        shapes.lock(shapes.name(), SHARE_UPDATE_EXCLUSIVE);
        return true;
    }
}
