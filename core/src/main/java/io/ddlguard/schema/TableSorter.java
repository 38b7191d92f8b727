package io.ddlguard.schema;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.internal.log.Log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Orders tables so that each comes after the tables it depends on, with SQLAlchemy's rules
 * ({@code sort_tables}, {@code sort_tables_and_constraints}):
 *
 * <ul>
 *   <li>The order is layered and stable: first every table that depends on no other table of the set, in input
 *       order; then every table whose dependencies are all in that first layer, in input order; and so on.</li>
 *   <li>A foreign key orders its table after the table it refers to. A self-reference, and a reference to a table
 *       outside the set, add no ordering. Names match by the dialect's folding rule.</li>
 *   <li>{@link #dependency Explicit dependencies} always order; foreign keys give way to them. A cycle of explicit
 *       dependencies (or of foreign keys the filter keeps {@link ForeignKeyFilter.Decision#INLINE inline}) is a
 *       {@link CircularDependencyException}.</li>
 *   <li>A foreign-key cycle is not an error: every foreign key of the tables in the cycle (except those the filter
 *       keeps inline) is left out of the ordering, and the tables are sorted without them.
 *       {@link #sortTables} logs a warning naming the tables; {@link #sortTablesAndConstraints} moves those
 *       foreign keys to its final entry, to be created with {@code ALTER TABLE} after every table.</li>
 *   <li>A foreign key marked {@link ForeignKey#useAlter()}, or that the filter {@link ForeignKeyFilter.Decision#DEFER
 *       defers}, never orders and always goes to the final entry.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe: every configuring method returns a new sorter.
 */
public final class TableSorter {

    private static final Log LOG = Log.of(TableSorter.class);

    private final Dialect dialect;
    private final ForeignKeyFilter filter;
    /** Pairs of (dependent, dependency). */
    private final List<QualifiedName[]> dependencies;

    private TableSorter(Dialect dialect, ForeignKeyFilter filter, List<QualifiedName[]> dependencies) {
        this.dialect = dialect;
        this.filter = filter;
        this.dependencies = dependencies;
    }

    /** A sorter that matches names by {@code dialect}'s folding rule, with the default filter and no extra dependencies. */
    public static TableSorter of(Dialect dialect) {
        return new TableSorter(Objects.requireNonNull(dialect, "dialect"), ForeignKeyFilter.DEFAULT, List.of());
    }

    /** This sorter with {@code filter} deciding how each foreign key is treated. */
    public TableSorter filter(ForeignKeyFilter filter) {
        return new TableSorter(dialect, Objects.requireNonNull(filter, "filter"), dependencies);
    }

    /**
     * This sorter with one more explicit dependency: {@code table} comes after {@code dependsOn}, whatever the
     * foreign keys say (SQLAlchemy's {@code extra_dependencies} and {@code add_is_dependent_on}). Ignored when
     * either table is not in the sorted set.
     */
    public TableSorter dependency(QualifiedName table, QualifiedName dependsOn) {
        List<QualifiedName[]> all = new ArrayList<>(dependencies);
        all.add(new QualifiedName[] {Objects.requireNonNull(table, "table"), Objects.requireNonNull(dependsOn, "dependsOn")});
        return new TableSorter(dialect, filter, List.copyOf(all));
    }

    /** {@link #dependency(QualifiedName, QualifiedName)} by the tables' names. */
    public TableSorter dependency(Table table, Table dependsOn) {
        return dependency(table.name(), dependsOn.name());
    }

    /**
     * The tables in dependency order; a foreign-key cycle is logged at WARN and described in the result.
     *
     * @throws CircularDependencyException when explicit dependencies or inline foreign keys form a cycle
     * @throws IllegalArgumentException    when two tables have the same name
     */
    public SortedTables sortTables(List<Table> tables) {
        SortedConstraints sorted = sortTablesAndConstraints(tables);
        sorted.warning().ifPresent(w -> LOG.warn("{}", w));
        return new SortedTables(sorted.tables(), sorted.cycle(), sorted.warning());
    }

    /**
     * Each table in dependency order with the foreign keys to create together with it, then a final entry without
     * a table holding the deferred foreign keys.
     *
     * @throws CircularDependencyException when explicit dependencies or inline foreign keys form a cycle
     * @throws IllegalArgumentException    when two tables have the same name
     */
    public SortedConstraints sortTablesAndConstraints(List<Table> tables) {
        List<Table> input = List.copyOf(tables);
        int n = input.size();
        Names names = new Names(input, dialect);
        Set<ForeignKey> deferred = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<ForeignKey, Boolean> inline = new IdentityHashMap<>();
        BitSet[] fixed = edges(n);
        BitSet[] mutable = edges(n);
        for (QualifiedName[] d : dependencies) {
            int child = names.find(d[0]);
            int parent = names.find(d[1]);
            if (child >= 0 && parent >= 0 && child != parent) {
                fixed[child].set(parent);
            }
        }
        for (int child = 0; child < n; child++) {
            for (ForeignKey fk : input.get(child).foreignKeys()) {
                ForeignKeyFilter.Decision decision = Objects.requireNonNull(filter.decide(fk), "filter decision");
                inline.put(fk, decision == ForeignKeyFilter.Decision.INLINE);
                if (fk.useAlter() || decision == ForeignKeyFilter.Decision.DEFER) {
                    deferred.add(fk);
                    continue;
                }
                int parent = names.find(fk.referredTable());
                if (parent >= 0 && parent != child) {
                    mutable[child].set(parent);
                }
            }
        }
        List<QualifiedName> cycle = List.of();
        Optional<String> warning = Optional.empty();
        int[] order = sort(fixed, mutable);
        if (order == null) {
            BitSet inCycle = cycles(union(fixed, mutable));
            cycle = namesOf(input, inCycle);
            warning = Optional.of("cannot sort tables " + join(cycle) + " by their foreign keys: they form a cycle."
                    + " Their foreign keys are left out of the ordering; create them with ALTER TABLE after the"
                    + " tables (sortTablesAndConstraints defers them to its final entry, createAll does so)");
            for (int child = inCycle.nextSetBit(0); child >= 0; child = inCycle.nextSetBit(child + 1)) {
                if (mutable[child].isEmpty()) {
                    continue;
                }
                mutable[child].clear();
                for (ForeignKey fk : input.get(child).foreignKeys()) {
                    if (!inline.get(fk)) {
                        deferred.add(fk);
                    } else if (!deferred.contains(fk)) {
                        int parent = names.find(fk.referredTable());
                        if (parent >= 0 && parent != child) {
                            mutable[child].set(parent);
                        }
                    }
                }
            }
            order = sort(fixed, mutable);
            if (order == null) {
                List<QualifiedName> stuck = namesOf(input, cycles(union(fixed, mutable)));
                throw new CircularDependencyException("cannot sort tables " + join(stuck) + ": their explicit"
                        + " dependencies, or foreign keys kept inline, form a cycle", stuck);
            }
        }
        List<SortedConstraints.Entry> entries = new ArrayList<>(n + 1);
        for (int i : order) {
            Table t = input.get(i);
            List<ForeignKey> withTable = new ArrayList<>();
            for (ForeignKey fk : t.foreignKeys()) {
                if (!deferred.contains(fk)) {
                    withTable.add(fk);
                }
            }
            entries.add(new SortedConstraints.Entry(Optional.of(t), withTable));
        }
        List<ForeignKey> last = new ArrayList<>();
        for (Table t : input) {
            for (ForeignKey fk : t.foreignKeys()) {
                if (deferred.contains(fk)) {
                    last.add(fk);
                }
            }
        }
        entries.add(new SortedConstraints.Entry(Optional.empty(), last));
        return new SortedConstraints(entries, cycle, warning);
    }

    /**
     * Layered topological sort: each round takes, in input order, every node none of whose parents is still
     * waiting. Null when some nodes can never be taken (a cycle).
     */
    private static int[] sort(BitSet[] fixed, BitSet[] mutable) {
        int n = fixed.length;
        BitSet[] parents = union(fixed, mutable);
        BitSet waiting = new BitSet(n);
        waiting.set(0, n);
        int[] order = new int[n];
        int done = 0;
        while (done < n) {
            List<Integer> layer = new ArrayList<>();
            for (int i = waiting.nextSetBit(0); i >= 0; i = waiting.nextSetBit(i + 1)) {
                if (!parents[i].intersects(waiting)) {
                    layer.add(i);
                }
            }
            if (layer.isEmpty()) {
                return null;
            }
            for (int i : layer) {
                waiting.clear(i);
                order[done++] = i;
            }
        }
        return order;
    }

    /** The nodes that are on a cycle: those whose strongly connected component has more than one node. */
    private static BitSet cycles(BitSet[] parents) {
        int n = parents.length;
        BitSet result = new BitSet(n);
        // Reachability by repeated search is enough at schema sizes (hundreds of tables); node i is on a cycle
        // exactly when it can reach itself through at least one edge.
        for (int i = 0; i < n; i++) {
            BitSet seen = new BitSet(n);
            List<Integer> stack = new ArrayList<>();
            stack.add(i);
            while (!stack.isEmpty()) {
                int v = stack.remove(stack.size() - 1);
                BitSet next = parents[v];
                for (int p = next.nextSetBit(0); p >= 0; p = next.nextSetBit(p + 1)) {
                    if (!seen.get(p)) {
                        seen.set(p);
                        stack.add(p);
                    }
                }
            }
            if (seen.get(i)) {
                result.set(i);
            }
        }
        return result;
    }

    private static BitSet[] edges(int n) {
        BitSet[] e = new BitSet[n];
        Arrays.setAll(e, i -> new BitSet(n));
        return e;
    }

    private static BitSet[] union(BitSet[] a, BitSet[] b) {
        BitSet[] u = new BitSet[a.length];
        for (int i = 0; i < a.length; i++) {
            u[i] = (BitSet) a[i].clone();
            u[i].or(b[i]);
        }
        return u;
    }

    private static List<QualifiedName> namesOf(List<Table> tables, BitSet nodes) {
        List<QualifiedName> names = new ArrayList<>();
        for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
            names.add(tables.get(i).name());
        }
        names.sort(Comparator.comparing(SchemaSql::display));
        return names;
    }

    private static String join(List<QualifiedName> names) {
        return '"' + SchemaSql.display(names) + '"';
    }

    @Override
    public String toString() {
        return "TableSorter[" + dialect + ", " + dependencies.size() + " explicit dependencies]";
    }

    /** Finds a table of the sorted set by a name as a foreign key or dependency writes it. */
    private static final class Names {
        private final List<Table> tables;
        private final Dialect dialect;

        Names(List<Table> tables, Dialect dialect) {
            this.tables = tables;
            this.dialect = dialect;
            Set<String> seen = new LinkedHashSet<>();
            for (Table t : tables) {
                if (!seen.add(key(t.name()))) {
                    throw new IllegalArgumentException("table " + t.name() + " appears twice among the tables to sort");
                }
            }
        }

        private String key(QualifiedName name) {
            return name.schema().map(s -> s.key(dialect)).orElse("") + "\u0000" + name.name().key(dialect);
        }

        /**
         * The index of the table {@code name} names, or -1 when it names none of them. A name without a schema
         * matches a table in any schema (and one with a schema a table written without one), as SQL text resolves
         * it against the default schema; an exact match wins, and an ambiguous one names none.
         */
        int find(QualifiedName name) {
            String exact = key(name);
            int found = -1;
            int matches = 0;
            for (int i = 0; i < tables.size(); i++) {
                QualifiedName candidate = tables.get(i).name();
                if (key(candidate).equals(exact)) {
                    return i;
                }
                if (candidate.matches(name, dialect)) {
                    found = i;
                    matches++;
                }
            }
            return matches == 1 ? found : -1;
        }
    }
}
