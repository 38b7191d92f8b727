package io.ddlguard.dialect.postgres;

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
    private final FormCursor c;
    private final AlterForms alter;

    FormReader(FormCursor c) {
        this.c = c;
        this.alter = new AlterForms(c);
    }

    /** Whether the statement is a form of the list, read to its end; its shapes are then the cursor's. */
    boolean read() {
        if (c.accept("ALTER")) {
            return alter.alter();
        } else if (c.accept("REINDEX")) {
            return reindex();
        } else if (c.accept("REFRESH")) {
            c.expect("MATERIALIZED");
            c.expect("VIEW");
            boolean concurrently = c.accept("CONCURRENTLY");
            QualifiedName mv = c.name();
            c.lock(mv, concurrently ? EXCLUSIVE : ACCESS_EXCLUSIVE);
            c.lock(mv, Part.INDEXES, concurrently ? LockMode.ROW_EXCLUSIVE : ACCESS_EXCLUSIVE);
            if (!concurrently) {
                c.lock(mv, Part.TOAST, ACCESS_EXCLUSIVE);
                c.lock(mv, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
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
            c.skipBalanced();
        }
        boolean index = c.accept("INDEX");
        if (!index && !c.accept("TABLE")) {
            return false; // SCHEMA, DATABASE, SYSTEM: every table of it
        }
        if (c.accept("CONCURRENTLY")) {
            return false; // leaves an INVALID index on timeout: single attempt, unplanned
        }
        QualifiedName name = c.name();
        if (index) {
            c.lock(name, ACCESS_EXCLUSIVE);
            c.lock(name, Part.TABLE_OF_INDEX, SHARE);
        } else {
            c.lock(name, SHARE);
            c.lock(name, Part.INDEXES, ACCESS_EXCLUSIVE);
            c.lock(name, Part.TOAST, SHARE);
            c.lock(name, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
        }
        return true;
    }

    boolean cluster() {
        if (c.atSymbol('(')) {
            c.skipBalanced();
        }
        c.accept("VERBOSE");
        if (c.p >= c.end) {
            return false; // every table clustered before
        }
        QualifiedName first = c.name();
        QualifiedName table = c.accept("ON") ? c.name() : first;
        c.lock(table, ACCESS_EXCLUSIVE);
        c.lock(table, Part.INDEXES, ACCESS_EXCLUSIVE);
        c.lock(table, Part.TOAST, ACCESS_EXCLUSIVE);
        c.lock(table, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
        return true;
    }

    boolean vacuumOrAnalyze() {
        boolean vacuum = c.accept("VACUUM");
        if (!vacuum) {
            c.p++;
        }
        boolean full = false;
        if (c.atSymbol('(')) {
            int close = c.closing(c.p);
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
            QualifiedName table = c.name();
            if (c.atSymbol('(')) {
                c.skipBalanced();
            }
            if (vacuum && full) {
                c.lock(table, ACCESS_EXCLUSIVE);
                c.lock(table, Part.INDEXES, ACCESS_EXCLUSIVE);
                c.lock(table, Part.TOAST, ACCESS_EXCLUSIVE);
                c.lock(table, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
            } else {
                c.lock(table, SHARE_UPDATE_EXCLUSIVE);
                c.lock(table, Part.DESCENDANTS, SHARE_UPDATE_EXCLUSIVE);
                if (vacuum) {
                    c.lock(table, Part.TOAST, SHARE_UPDATE_EXCLUSIVE);
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
            names.add(c.name());
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
                default -> throw new FormCursor.Unknown();
            };
        }
        for (int i = 0; i < names.size(); i++) {
            c.lock(names.get(i), mode);
            if (!only.get(i)) {
                c.lock(names.get(i), Part.DESCENDANTS, mode);
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
            c.name();
            c.expect("AS");
            c.expect("ON");
            c.p++;
            c.expect("TO");
            c.lock(c.name(), ACCESS_EXCLUSIVE);
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
        QualifiedName table = c.name();
        c.lock(table, mode);
        if (mode == SHARE_ROW_EXCLUSIVE) {
            c.lock(table, Part.DESCENDANTS, mode);
        }
        return true;
    }

    boolean comment() {
        c.expect("ON");
        if (c.accept("COLUMN")) {
            List<Identifier> parts = c.parts();
            if (parts.size() < 2) {
                throw new FormCursor.Unknown();
            }
            parts.remove(parts.size() - 1);
            c.lock(c.qualified(parts), SHARE_UPDATE_EXCLUSIVE);
            return true;
        }
        if (c.accept("CONSTRAINT")) {
            c.name();
            c.expect("ON");
            if (c.accept("DOMAIN")) {
                return true;
            }
            c.lock(c.name(), ACCESS_SHARE); // the constraint's object lock is what it takes (measured)
            return true;
        }
        boolean relation = c.accept("TABLE") || c.accept("VIEW") || c.accept("INDEX") || c.accept("SEQUENCE")
                || (c.accept("MATERIALIZED") && c.accept("VIEW")) || (c.accept("FOREIGN") && c.accept("TABLE"));
        if (!relation) {
            return false;
        }
        c.lock(c.name(), SHARE_UPDATE_EXCLUSIVE);
        return true;
    }
}
