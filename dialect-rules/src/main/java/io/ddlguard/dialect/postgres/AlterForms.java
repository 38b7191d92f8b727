package io.ddlguard.dialect.postgres;

import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.dialect.postgres.LockShape.Part;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;

import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;

import static io.ddlguard.dialect.postgres.LockMode.ACCESS_EXCLUSIVE;
import static io.ddlguard.dialect.postgres.LockMode.ACCESS_SHARE;
import static io.ddlguard.dialect.postgres.LockMode.SHARE_ROW_EXCLUSIVE;
import static io.ddlguard.dialect.postgres.LockMode.SHARE_UPDATE_EXCLUSIVE;

/**
 * Reads the {@code ALTER} forms of {@link PostgresLockForms}: {@code ALTER TABLE} with its subcommands,
 * {@code ALTER INDEX | VIEW | SEQUENCE | MATERIALIZED VIEW | TYPE}, and {@code ALTER TRIGGER | POLICY | RULE}. Not
 * thread-safe: one per statement.
 */
final class AlterForms {
    /** Storage parameters whose change takes AccessExclusiveLock; every other one takes ShareUpdateExclusiveLock. */
    private static final Set<String> EXCLUSIVE_PARAMETERS = Set.of("user_catalog_table");

    private final TokenCursor c;
    private final ShapeReader shapes;

    AlterForms(TokenCursor c, ShapeReader shapes) {
        this.c = c;
        this.shapes = shapes;
    }

    /** At the word after {@code ALTER}: whether the statement is an {@code ALTER} form of the list. */
    boolean alter() {
        if (c.accept("TABLE")) {
            c.acceptIfExists();
            c.accept("ONLY");
            QualifiedName table = shapes.name();
            c.acceptSymbol('*');
            do {
                alterTableAction(table);
                shapes.skipToComma();
            } while (c.acceptSymbol(','));
            return true;
        }
        if (c.accept("INDEX")) {
            c.acceptIfExists();
            QualifiedName index = shapes.name();
            if (c.accept("RENAME")) {
                shapes.lock(index, SHARE_UPDATE_EXCLUSIVE);
            } else if (c.at("SET") && c.t.isSymbol(c.p + 1, '(') || c.accept("RESET")) {
                shapes.lock(index, SHARE_UPDATE_EXCLUSIVE);
            } else if (c.at("SET") && c.t.isWord(c.p + 1, "TABLESPACE")) {
                shapes.lock(index, ACCESS_EXCLUSIVE);
            } else if (c.accept("ALTER")) {
                c.accept("COLUMN");
                c.p++;
                c.expect("SET");
                c.expect("STATISTICS");
                shapes.lock(index, SHARE_UPDATE_EXCLUSIVE);
            } else {
                throw new TokenCursor.Unreadable();
            }
            return true;
        }
        if (c.accept("TYPE")) {
            // a composite type's pg_class entry (nothing for an enum or a base type): tables using it are not locked
            shapes.lock(shapes.name(), ACCESS_EXCLUSIVE);
            return true;
        }
        boolean view = c.accept("VIEW");
        boolean materialized = !view && c.accept("MATERIALIZED") && c.accept("VIEW");
        boolean sequence = !view && !materialized && c.accept("SEQUENCE");
        if (!view && !materialized && !sequence) {
            return alterTriggerPolicyRule();
        }
        c.acceptIfExists();
        QualifiedName relation = shapes.name();
        if (c.accept("RENAME") || (c.accept("OWNER") && c.accept("TO"))) {
            shapes.lock(relation, ACCESS_EXCLUSIVE);
        } else if (c.at("SET") && c.t.isWord(c.p + 1, "SCHEMA")) {
            shapes.lock(relation, ACCESS_EXCLUSIVE);
        } else if (view && (c.at("SET") || c.at("RESET") || c.at("ALTER"))) {
            shapes.lock(relation, ACCESS_EXCLUSIVE);
        } else if (sequence) {
            // RESTART, INCREMENT, OWNED BY, ...: the sequence's own options
            shapes.lock(relation, SHARE_ROW_EXCLUSIVE);
            for (int i = c.p; i + 2 < c.end; i++) {
                if (c.t.isWord(i, "OWNED") && c.t.isWord(i + 1, "BY") && !c.t.isWord(i + 2, "NONE")) {
                    c.p = i + 2;
                    List<Identifier> column = shapes.parts();
                    if (column.size() >= 2) {
                        column.remove(column.size() - 1);
                        shapes.lock(ShapeReader.qualified(column), ACCESS_SHARE);
                    }
                    break;
                }
            }
        } else {
            throw new TokenCursor.Unreadable();
        }
        return true;
    }

    /** {@code ALTER TRIGGER c.t ON x RENAME ...}, {@code ALTER POLICY c.p ON x ...}, {@code ALTER RULE ...}. */
    boolean alterTriggerPolicyRule() {
        if (!c.accept("TRIGGER") && !c.accept("POLICY") && !c.accept("RULE")) {
            return false;
        }
        c.acceptIfExists();
        shapes.name();
        c.expect("ON");
        shapes.lock(shapes.name(), ACCESS_EXCLUSIVE);
        return true;
    }

    void alterTableAction(QualifiedName table) {
        if (c.accept("OWNER")) {
            c.expect("TO");
            shapes.lock(table, ACCESS_EXCLUSIVE);
            shapes.lock(table, Part.INDEXES, ACCESS_EXCLUSIVE);
            shapes.lock(table, Part.TOAST, ACCESS_EXCLUSIVE);
            shapes.lock(table, Part.TOAST_INDEX, ACCESS_EXCLUSIVE);
            shapes.lock(table, Part.OWNED_SEQUENCES, ACCESS_EXCLUSIVE);
        } else if (c.at("SET") && c.t.isWord(c.p + 1, "TABLESPACE")) {
            shapes.lock(table, ACCESS_EXCLUSIVE);
        } else if (c.at("SET") && c.t.isSymbol(c.p + 1, '(') || c.at("RESET")) {
            c.p++;
            LockMode mode = parameters();
            shapes.lock(table, mode);
            shapes.lock(table, Part.TOAST, mode);
        } else if (c.at("SET") && c.t.isWord(c.p + 1, "SCHEMA")) {
            shapes.lock(table, ACCESS_EXCLUSIVE);
            shapes.lock(table, Part.OWNED_SEQUENCES, ACCESS_EXCLUSIVE);
        } else if (c.at("SET") && c.t.isWord(c.p + 1, "WITHOUT") && c.t.isWord(c.p + 2, "CLUSTER")) {
            shapes.lock(table, SHARE_UPDATE_EXCLUSIVE);
        } else if (c.at("CLUSTER") && c.t.isWord(c.p + 1, "ON")) {
            c.p += 2;
            shapes.lock(table, SHARE_UPDATE_EXCLUSIVE);
            QualifiedName index = shapes.name();
            shapes.lock(index.schema().isPresent() ? index : new QualifiedName(Optional.empty(), table.schema(),
                    index.name()), SHARE_UPDATE_EXCLUSIVE);
        } else if (c.at("ENABLE") || c.at("DISABLE")) {
            c.p++;
            c.accept("ALWAYS");
            c.accept("REPLICA");
            if (c.at("TRIGGER")) {
                shapes.lock(table, SHARE_ROW_EXCLUSIVE);
            } else if (c.at("RULE") || c.at("ROW")) {
                shapes.lock(table, ACCESS_EXCLUSIVE);
            } else {
                throw new TokenCursor.Unreadable();
            }
        } else if (c.at("FORCE") || c.at("NO") && c.t.isWord(c.p + 1, "FORCE")) {
            shapes.lock(table, ACCESS_EXCLUSIVE);
        } else if (c.at("VALIDATE") && c.t.isWord(c.p + 1, "CONSTRAINT")) {
            shapes.lock(table, SHARE_UPDATE_EXCLUSIVE);
        } else if (c.at("REPLICA") && c.t.isWord(c.p + 1, "IDENTITY")) {
            shapes.lock(table, ACCESS_EXCLUSIVE);
        } else if (c.accept("INHERIT")) {
            shapes.lock(table, ACCESS_EXCLUSIVE);
            shapes.lock(shapes.name(), SHARE_UPDATE_EXCLUSIVE);
        } else if (c.at("NO") && c.t.isWord(c.p + 1, "INHERIT")) {
            c.p += 2;
            shapes.lock(table, ACCESS_EXCLUSIVE);
            shapes.lock(shapes.name(), ACCESS_SHARE);
        } else if (c.accept("ATTACH")) {
            c.expect("PARTITION");
            QualifiedName partition = shapes.name();
            shapes.lock(table, SHARE_UPDATE_EXCLUSIVE);
            shapes.lock(table, Part.PARTITIONED_INDEXES, SHARE_UPDATE_EXCLUSIVE);
            shapes.lock(table, Part.DEFAULT_PARTITION, ACCESS_EXCLUSIVE);
            shapes.lock(partition, ACCESS_EXCLUSIVE);
        } else if (c.accept("DETACH")) {
            c.expect("PARTITION");
            QualifiedName partition = shapes.name();
            if (c.accept("CONCURRENTLY")) {
                throw new TokenCursor.Unreadable(); // waits for every transaction using the table: single attempt, unplanned
            } else if (c.accept("FINALIZE")) {
                shapes.lock(table, SHARE_UPDATE_EXCLUSIVE);
                shapes.lock(partition, ACCESS_EXCLUSIVE);
            } else {
                shapes.lock(table, ACCESS_EXCLUSIVE);
                shapes.lock(table, Part.DEFAULT_PARTITION, ACCESS_EXCLUSIVE);
                shapes.lock(partition, ACCESS_EXCLUSIVE);
                shapes.lock(partition, Part.INDEXES, ACCESS_EXCLUSIVE);
            }
        } else if (c.at("RENAME") && c.t.isWord(c.p + 1, "CONSTRAINT")) {
            shapes.lock(table, ACCESS_EXCLUSIVE);
        } else if (c.at("ALTER") && c.t.isWord(c.p + 1, "CONSTRAINT")) {
            shapes.lock(table, ACCESS_EXCLUSIVE);
        } else if (c.accept("ALTER")) {
            c.accept("COLUMN");
            c.p++;
            shapes.lock(table, columnChange());
        } else if (c.at("ADD") && foreignKeyOnly()) {
            shapes.lock(table, SHARE_ROW_EXCLUSIVE);
        } else if (c.at("ADD") || c.at("DROP") || c.at("RENAME")) {
            shapes.lock(table, ACCESS_EXCLUSIVE); // the element model's forms: their elements plan them exactly
        } else {
            throw new TokenCursor.Unreadable();
        }
    }

    /** {@code ALTER COLUMN c} and the rest of its subcommand: statistics and options are the weak ones. */
    LockMode columnChange() {
        if (c.at("SET") && c.t.isWord(c.p + 1, "STATISTICS")) {
            return SHARE_UPDATE_EXCLUSIVE;
        }
        if (c.at("SET") && c.t.isSymbol(c.p + 1, '(') || c.at("RESET")) {
            return SHARE_UPDATE_EXCLUSIVE;
        }
        return ACCESS_EXCLUSIVE;
    }

    /** Whether the {@code ADD} at {@code c.p} adds a foreign key and nothing else. */
    boolean foreignKeyOnly() {
        for (int i = c.p; i < c.end && !c.t.isSymbol(i, ','); i++) {
            if (c.t.isWord(i, "FOREIGN") && c.t.isWord(i + 1, "KEY")) {
                return true;
            }
            if (c.t.isSymbol(i, '(')) {
                return false;
            }
        }
        return false;
    }

    /** {@code (name = value, ...)} after SET or RESET: the strongest mode its parameters need. */
    LockMode parameters() {
        c.expectSymbol('(');
        LockMode mode = SHARE_UPDATE_EXCLUSIVE;
        int depth = 1;
        boolean atName = true;
        while (c.p < c.end && depth > 0) {
            if (c.t.isSymbol(c.p, '(')) {
                depth++;
            } else if (c.t.isSymbol(c.p, ')')) {
                depth--;
            } else if (depth == 1 && c.t.isSymbol(c.p, ',')) {
                atName = true;
                c.p++;
                continue;
            } else if (depth == 1 && atName && c.t.kind(c.p) == Tokens.WORD) {
                if (EXCLUSIVE_PARAMETERS.contains(c.t.text(c.p).toLowerCase(Locale.ROOT))) {
                    mode = ACCESS_EXCLUSIVE;
                }
                atName = false;
            }
            c.p++;
        }
        return mode;
    }
}
