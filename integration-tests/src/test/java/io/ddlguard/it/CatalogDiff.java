package io.ddlguard.it;

import io.ddlguard.element.Action;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.it.CatalogSnapshot.Column;
import io.ddlguard.it.CatalogSnapshot.Ref;
import io.ddlguard.it.CatalogSnapshot.Relation;
import io.ddlguard.it.CatalogSnapshot.TableObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The changes one statement made, derived from catalog snapshots taken before and after it. This is the truth
 * the parser is checked against, so every rule here is one a reader can check by hand:
 *
 * <ol>
 *   <li>A new or vanished schema is CREATE/DROP SCHEMA; what is inside it is not reported separately.</li>
 *   <li>A table that vanishes while a table with exactly the same columns (names, types, order) appears is a
 *       rename: ALTER TABLE under its old name. Other new or vanished tables, views and sequences are
 *       CREATE/DROP. Their columns, indexes, constraints and triggers are not reported separately.</li>
 *   <li>A view whose query changed is CREATE VIEW ({@code CREATE OR REPLACE}); a table whose options (engine,
 *       comment) changed is ALTER TABLE; a sequence whose parameters changed is ALTER SEQUENCE.</li>
 *   <li>On a table that is there before and after: an index and a constraint of the same name that come or go
 *       together are one change. A primary key, foreign key or check is a CONSTRAINT; a unique key is a
 *       CONSTRAINT or an INDEX (MySQL shows both for either spelling); a plain index is an INDEX. Indexes the
 *       engine made by itself for a constraint (H2 generated, SQLite autoindex, the index MySQL adds for a new
 *       foreign key: same columns; the one MySQL drops for a foreign key when a new index covers its columns)
 *       are not changes of their own, and neither are indexes or constraints that vanish because all their
 *       columns were dropped.</li>
 *   <li>Columns (ALTER COLUMN, under the old name): a vanished column, a new column, a column whose type,
 *       default or nullability changed. When the number of columns is unchanged and every other column kept
 *       its position, a vanished and a new column at the same position are one renamed column. Nullability
 *       that changed only because a primary key was added over the column is not a change.</li>
 *   <li>New or vanished triggers, functions, procedures and events are CREATE/DROP of that kind, and the
 *       parser must give them as {@code UnrecognizedDdl}.</li>
 * </ol>
 */
final class CatalogDiff {

    private static final Set<ObjectKind> UNRECOGNIZED_KINDS =
            EnumSet.of(ObjectKind.TRIGGER, ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.EVENT);

    private final CatalogSnapshot before;
    private final CatalogSnapshot after;
    private final NameRule names;
    private final List<Change> changes = new ArrayList<>();

    private CatalogDiff(CatalogSnapshot before, CatalogSnapshot after, NameRule names) {
        this.before = before;
        this.after = after;
        this.names = names;
    }

    static List<Change> between(CatalogSnapshot before, CatalogSnapshot after, NameRule names) {
        CatalogDiff diff = new CatalogDiff(before, after, names);
        diff.schemas();
        diff.relations();
        diff.tableContents();
        diff.routines();
        return List.copyOf(diff.changes);
    }

    private void schemas() {
        for (String s : sorted(minus(after.schemas(), before.schemas()))) {
            changes.add(Change.of(Action.CREATE, ObjectKind.SCHEMA, Ref.schema(s), "new schema"));
        }
        for (String s : sorted(minus(before.schemas(), after.schemas()))) {
            changes.add(Change.of(Action.DROP, ObjectKind.SCHEMA, Ref.schema(s), "schema gone"));
        }
    }

    private void relations() {
        List<Ref> gone = new ArrayList<>();
        for (Ref r : sortedRefs(before.relations().keySet())) {
            if (!after.relations().containsKey(r) && after.schemas().contains(r.schema())) {
                gone.add(r);
            }
        }
        List<Ref> added = new ArrayList<>();
        for (Ref r : sortedRefs(after.relations().keySet())) {
            if (!before.relations().containsKey(r) && before.schemas().contains(r.schema())) {
                added.add(r);
            }
        }
        for (Ref r : gone) {
            Relation old = before.relations().get(r);
            Ref renamedTo = old.kind() == ObjectKind.TABLE ? sameColumns(old, added) : null;
            if (renamedTo != null) {
                added.remove(renamedTo);
                changes.add(Change.of(Action.ALTER, ObjectKind.TABLE, r, "renamed to " + renamedTo));
            } else {
                changes.add(Change.of(Action.DROP, old.kind(), r, old.kind().name().toLowerCase() + " gone"));
            }
        }
        for (Ref r : added) {
            ObjectKind kind = after.relations().get(r).kind();
            changes.add(Change.of(Action.CREATE, kind, r, "new " + kind.name().toLowerCase()));
        }
        for (Ref r : sortedRefs(before.relations().keySet())) {
            Relation b = before.relations().get(r);
            Relation a = after.relations().get(r);
            if (a == null || a.kind() != b.kind() || a.definition().equals(b.definition())) {
                continue;
            }
            switch (b.kind()) {
                case VIEW -> changes.add(Change.of(Action.CREATE, ObjectKind.VIEW, r, "view query replaced"));
                case TABLE -> changes.add(Change.of(Action.ALTER, ObjectKind.TABLE, r,
                        "options " + b.definition() + " -> " + a.definition()));
                default -> changes.add(Change.of(Action.ALTER, b.kind(), r,
                        "parameters " + b.definition() + " -> " + a.definition()));
            }
        }
    }

    private Ref sameColumns(Relation old, List<Ref> candidates) {
        for (Ref c : candidates) {
            Relation r = after.relations().get(c);
            if (r.kind() == ObjectKind.TABLE && signature(r).equals(signature(old))) {
                return c;
            }
        }
        return null;
    }

    private List<String> signature(Relation r) {
        return r.columns().stream()
                .sorted(Comparator.comparingInt(Column::ordinal))
                .map(c -> names.key(ObjectKind.COLUMN, c.name()) + " " + c.type() + (c.nullable() ? "" : " not null"))
                .toList();
    }

    /** Indexes, constraints, triggers and columns of the tables that are there before and after. */
    private void tableContents() {
        for (Ref table : sortedRefs(before.relations().keySet())) {
            Relation b = before.relations().get(table);
            Relation a = after.relations().get(table);
            if (a == null || b.kind() != ObjectKind.TABLE || a.kind() != ObjectKind.TABLE) {
                continue;
            }
            Map<String, Column> beforeColumns = byKey(b.columns());
            Map<String, Column> afterColumns = byKey(a.columns());
            Set<String> droppedColumns = minus(beforeColumns.keySet(), afterColumns.keySet());
            Set<String> addedPrimaryKeyColumns = new HashSet<>();
            objects(table, droppedColumns, addedPrimaryKeyColumns);
            columns(table, beforeColumns, afterColumns, addedPrimaryKeyColumns);
        }
    }

    private void objects(Ref table, Set<String> droppedColumns, Set<String> addedPrimaryKeyColumns) {
        Map<String, TableObject> beforeObjects = identities(before, table);
        Map<String, TableObject> afterObjects = identities(after, table);
        Map<String, List<TableObject>> goneByName = new LinkedHashMap<>();
        Map<String, List<TableObject>> addedByName = new LinkedHashMap<>();
        for (TableObject o : beforeObjects.values()) {
            if (!afterObjects.containsKey(o.identity()) && !o.backing()) {
                goneByName.computeIfAbsent(objectKey(o.ref()), k -> new ArrayList<>()).add(o);
            }
        }
        List<TableObject> addedForeignKeys = new ArrayList<>();
        for (TableObject o : afterObjects.values()) {
            if (!beforeObjects.containsKey(o.identity()) && !o.backing()) {
                addedByName.computeIfAbsent(objectKey(o.ref()), k -> new ArrayList<>()).add(o);
                if (o.type() == ConstraintType.FOREIGN_KEY) {
                    addedForeignKeys.add(o);
                }
                if (o.type() == ConstraintType.PRIMARY_KEY) {
                    o.columns().forEach(c -> addedPrimaryKeyColumns.add(names.key(ObjectKind.COLUMN, c)));
                }
            }
        }
        List<TableObject> added = addedByName.values().stream().flatMap(List::stream).toList();
        for (List<TableObject> objects : goneByName.values()) {
            if (replacedForeignKeyIndex(objects, added, table)) {
                continue;
            }
            boolean allColumnsDropped = objects.stream().allMatch(o -> o.kind() != ObjectKind.TRIGGER
                    && !o.columns().isEmpty()
                    && o.columns().stream().allMatch(c -> droppedColumns.contains(names.key(ObjectKind.COLUMN, c))));
            if (!allColumnsDropped) {
                changes.add(Change.of(Action.DROP, kindsOf(objects), objects.get(0).ref(), describe(objects) + " gone"));
            }
        }
        for (List<TableObject> objects : addedByName.values()) {
            boolean implicitForeignKeyIndex = objects.size() == 1 && objects.get(0).kind() == ObjectKind.INDEX
                    && objects.get(0).type() != ConstraintType.UNIQUE
                    && addedForeignKeys.stream().anyMatch(fk -> sameColumns(fk.columns(), objects.get(0).columns()));
            if (!implicitForeignKeyIndex) {
                changes.add(Change.of(Action.CREATE, kindsOf(objects), objects.get(0).ref(), "new " + describe(objects)));
            }
        }
    }

    /**
     * MySQL drops the index it made for a foreign key when a new index (or the new foreign key's own) takes over:
     * housekeeping, not a change the statement asked for.
     */
    private boolean replacedForeignKeyIndex(List<TableObject> gone, List<TableObject> added, Ref table) {
        if (gone.size() != 1 || gone.get(0).kind() != ObjectKind.INDEX || gone.get(0).type() == ConstraintType.UNIQUE) {
            return false;
        }
        List<String> columns = keys(gone.get(0).columns());
        boolean foreignKeyOnThem = after.tableObjects().stream().anyMatch(o -> inTable(o.ref(), table)
                && o.type() == ConstraintType.FOREIGN_KEY && keys(o.columns()).equals(columns));
        boolean coveredByNewIndex = added.stream().anyMatch(o -> o.kind() == ObjectKind.INDEX
                && keys(o.columns()).size() >= columns.size()
                && keys(o.columns()).subList(0, columns.size()).equals(columns));
        return foreignKeyOnThem && coveredByNewIndex;
    }

    private List<String> keys(List<String> columns) {
        return columns.stream().map(c -> names.key(ObjectKind.COLUMN, c)).toList();
    }

    private static Map<String, TableObject> identities(CatalogSnapshot snapshot, Ref table) {
        Map<String, TableObject> m = new TreeMap<>();
        for (TableObject o : snapshot.tableObjects()) {
            if (inTable(o.ref(), table)) {
                m.put(o.identity(), o);
            }
        }
        return m;
    }

    private void columns(Ref table, Map<String, Column> beforeColumns, Map<String, Column> afterColumns,
                         Set<String> addedPrimaryKeyColumns) {
        List<Column> gone = beforeColumns.entrySet().stream().filter(e -> !afterColumns.containsKey(e.getKey()))
                .map(Map.Entry::getValue).sorted(Comparator.comparingInt(Column::ordinal)).toList();
        List<Column> added = new ArrayList<>(afterColumns.entrySet().stream()
                .filter(e -> !beforeColumns.containsKey(e.getKey()))
                .map(Map.Entry::getValue).sorted(Comparator.comparingInt(Column::ordinal)).toList());
        boolean othersKeptPlace = beforeColumns.size() == afterColumns.size()
                && beforeColumns.entrySet().stream().filter(e -> afterColumns.containsKey(e.getKey()))
                        .allMatch(e -> afterColumns.get(e.getKey()).ordinal() == e.getValue().ordinal());
        for (Column c : gone) {
            Column renamed = othersKeptPlace
                    ? added.stream().filter(n -> n.ordinal() == c.ordinal()).findFirst().orElse(null)
                    : null;
            if (renamed != null) {
                added.remove(renamed);
                changes.add(Change.of(Action.ALTER, ObjectKind.COLUMN, column(table, c),
                        "renamed to " + renamed.name() + (renamed.type().equals(c.type()) ? "" : ", " + renamed.type())));
            } else {
                changes.add(Change.of(Action.ALTER, ObjectKind.COLUMN, column(table, c), "column gone"));
            }
        }
        for (Column c : added) {
            changes.add(Change.of(Action.ALTER, ObjectKind.COLUMN, column(table, c), "new column " + c.type()));
        }
        for (Map.Entry<String, Column> e : beforeColumns.entrySet()) {
            Column b = e.getValue();
            Column a = afterColumns.get(e.getKey());
            if (a == null) {
                continue;
            }
            boolean typeChanged = !a.type().equals(b.type());
            boolean nullChanged = a.nullable() != b.nullable() && !addedPrimaryKeyColumns.contains(e.getKey());
            if (typeChanged || nullChanged) {
                changes.add(Change.of(Action.ALTER, ObjectKind.COLUMN, column(table, b),
                        describeColumn(b) + " -> " + describeColumn(a)));
            }
        }
    }

    private void routines() {
        for (Ref r : sortedRefs(minus(after.routines().keySet(), before.routines().keySet()))) {
            if (before.schemas().contains(r.schema())) {
                ObjectKind kind = after.routines().get(r);
                changes.add(new Change(Action.CREATE, Set.of(kind), r.schema(), null, r.name(), true,
                        "new " + kind.name().toLowerCase()));
            }
        }
        for (Ref r : sortedRefs(minus(before.routines().keySet(), after.routines().keySet()))) {
            if (after.schemas().contains(r.schema())) {
                ObjectKind kind = before.routines().get(r);
                changes.add(new Change(Action.DROP, Set.of(kind), r.schema(), null, r.name(), true,
                        kind.name().toLowerCase() + " gone"));
            }
        }
    }

    private Set<ObjectKind> kindsOf(List<TableObject> objects) {
        if (objects.stream().anyMatch(o -> o.kind() == ObjectKind.TRIGGER)) {
            return Set.of(ObjectKind.TRIGGER);
        }
        boolean constraint = objects.stream().anyMatch(o -> o.kind() == ObjectKind.CONSTRAINT);
        boolean unique = objects.stream().allMatch(o -> o.type() == ConstraintType.UNIQUE);
        if (constraint && unique) {
            return Set.of(ObjectKind.CONSTRAINT, ObjectKind.INDEX);
        }
        return Set.of(constraint ? ObjectKind.CONSTRAINT : ObjectKind.INDEX);
    }

    static boolean isUnrecognizedKind(Set<ObjectKind> kinds) {
        return UNRECOGNIZED_KINDS.containsAll(kinds);
    }

    private static String describe(List<TableObject> objects) {
        return objects.stream()
                .map(o -> (o.type() == null ? "" : o.type().name().toLowerCase().replace('_', ' ') + " ")
                        + o.kind().name().toLowerCase() + (o.columns().isEmpty() ? "" : " " + o.columns()))
                .collect(Collectors.joining(" + "));
    }

    private static String describeColumn(Column c) {
        return c.type() + (c.nullable() ? " null" : " not null");
    }

    private boolean sameColumns(List<String> a, List<String> b) {
        return a.stream().map(c -> names.key(ObjectKind.COLUMN, c)).toList()
                .equals(b.stream().map(c -> names.key(ObjectKind.COLUMN, c)).toList());
    }

    private String objectKey(Ref r) {
        return names.key(ObjectKind.INDEX, r.name());
    }

    private static boolean inTable(Ref object, Ref table) {
        return Objects.equals(object.schema(), table.schema()) && object.table().equals(table.name());
    }

    private static Ref column(Ref table, Column c) {
        return Ref.inTable(table.schema(), table.name(), c.name());
    }

    private Map<String, Column> byKey(List<Column> columns) {
        Map<String, Column> m = new LinkedHashMap<>();
        columns.forEach(c -> m.put(names.key(ObjectKind.COLUMN, c.name()), c));
        return m;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> r = new HashSet<>(a);
        r.removeAll(b);
        return r;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static List<Ref> sortedRefs(Set<Ref> refs) {
        return refs.stream().sorted(Comparator.comparing(Ref::toString)).toList();
    }
}
