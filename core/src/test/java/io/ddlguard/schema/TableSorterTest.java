package io.ddlguard.schema;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.QualifiedName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableSorterTest {

    private static final TableSorter SORTER = TableSorter.of(Dialect.POSTGRESQL);

    /** A table named {@code name} with one unnamed foreign key to each of {@code refersTo}. */
    private static Table table(String name, String... refersTo) {
        List<ForeignKey> fks = new ArrayList<>();
        for (String r : refersTo) {
            fks.add(fk(name, r));
        }
        return Table.of(QualifiedName.of(name), fks);
    }

    private static ForeignKey fk(String from, String to) {
        return ForeignKey.of(QualifiedName.of(from), Identifier.of("fk_" + from + "_" + to),
                List.of(Identifier.of(to + "_id")), QualifiedName.of(to), List.of());
    }

    private static List<String> names(List<Table> tables) {
        return tables.stream().map(t -> t.name().name().value()).toList();
    }

    private static List<String> fkNames(List<ForeignKey> fks) {
        return fks.stream().map(f -> f.name().orElseThrow().value()).toList();
    }

    /** The issue's cycle: a→b, b→d, c→b, d→c, plus e. */
    private static List<Table> issueCycle() {
        return List.of(table("a", "b"), table("b", "d"), table("c", "b"), table("d", "c"), table("e"));
    }

    @Nested
    class SortTables {

        @Test
        void theIssuesExampleGivesTheLayeredStableOrder() {
            List<Table> tables = List.of(table("a", "b"), table("b"), table("c"), table("d"), table("e", "c"));

            SortedTables sorted = SORTER.sortTables(tables);

            assertThat(names(sorted.tables())).containsExactly("b", "c", "d", "a", "e");
            assertThat(sorted.cycle()).isEmpty();
            assertThat(sorted.warning()).isEmpty();
        }

        @Test
        void independentTablesKeepTheirInputOrder() {
            assertThat(names(SORTER.sortTables(List.of(table("z"), table("y"), table("x"))).tables()))
                    .containsExactly("z", "y", "x");
        }

        @Test
        void eachLayerTakesEveryTableWhoseDependenciesAreAlreadyPlaced() {
            // x→y→w: three layers; v is independent and joins the first.
            List<Table> tables = List.of(table("x", "y"), table("y", "w"), table("w"), table("v"));

            assertThat(names(SORTER.sortTables(tables).tables())).containsExactly("w", "v", "y", "x");
        }

        @Test
        void aSelfReferenceAddsNoOrdering() {
            assertThat(names(SORTER.sortTables(List.of(table("a", "a"), table("b"))).tables()))
                    .containsExactly("a", "b");
        }

        @Test
        void aReferenceToATableOutsideTheSetAddsNoOrdering() {
            assertThat(names(SORTER.sortTables(List.of(table("a", "elsewhere"), table("b"))).tables()))
                    .containsExactly("a", "b");
        }

        @Test
        void referencesMatchByTheDialectsFolding() {
            List<Table> tables = List.of(table("a", "B"), table("b"));

            assertThat(names(SORTER.sortTables(tables).tables())).containsExactly("b", "a");
            // a quoted "B" is another table in PostgreSQL, so it orders nothing
            Table quoted = Table.of(QualifiedName.of("a"), List.of(ForeignKey.of(QualifiedName.of("a"), null,
                    List.of(), QualifiedName.of(Identifier.quoted("B")), List.of())));
            assertThat(names(SORTER.sortTables(List.of(quoted, table("b"))).tables())).containsExactly("a", "b");
        }

        @Test
        void aCycleWarnsNamingItsTablesAndLeavesTheirForeignKeysOut() {
            SortedTables sorted = SORTER.sortTables(issueCycle());

            assertThat(names(sorted.tables())).containsExactly("b", "c", "d", "e", "a");
            assertThat(sorted.cycle()).extracting(QualifiedName::toString).containsExactly("b", "c", "d");
            assertThat(sorted.warning()).hasValueSatisfying(w -> assertThat(w).contains("\"b, c, d\""));
        }

        @Test
        void anExplicitDependencyOrdersWithoutAForeignKey() {
            TableSorter sorter = SORTER.dependency(QualifiedName.of("a"), QualifiedName.of("b"));

            assertThat(names(sorter.sortTables(List.of(table("a"), table("b"))).tables())).containsExactly("b", "a");
        }

        @Test
        void anExplicitDependencyWinsOverAForeignKeyTheOtherWay() {
            // the foreign key says a after b; the explicit dependency says b after a
            TableSorter sorter = SORTER.dependency(table("b"), table("a"));

            SortedTables sorted = sorter.sortTables(List.of(table("a", "b"), table("b")));

            assertThat(names(sorted.tables())).containsExactly("a", "b");
            assertThat(sorted.warning()).hasValueSatisfying(w -> assertThat(w).contains("\"a, b\""));
        }

        @Test
        void aCycleOfExplicitDependenciesIsAnError() {
            TableSorter sorter = SORTER.dependency(QualifiedName.of("a"), QualifiedName.of("b"))
                    .dependency(QualifiedName.of("b"), QualifiedName.of("a"));

            assertThatThrownBy(() -> sorter.sortTables(List.of(table("a"), table("b"), table("c"))))
                    .isInstanceOfSatisfying(CircularDependencyException.class, e ->
                            assertThat(e.cycle()).extracting(QualifiedName::toString).containsExactly("a", "b"))
                    .hasMessageContaining("\"a, b\"");
        }

        @Test
        void explicitDependenciesOnTablesOutsideTheSetAreIgnored() {
            TableSorter sorter = SORTER.dependency(QualifiedName.of("a"), QualifiedName.of("elsewhere"));

            assertThat(names(sorter.sortTables(List.of(table("a"), table("b"))).tables())).containsExactly("a", "b");
        }

        @Test
        void twoTablesOfTheSameNameAreRefused() {
            assertThatThrownBy(() -> SORTER.sortTables(List.of(table("a"), table("A"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        }
    }

    @Nested
    class SortTablesAndConstraints {

        @Test
        void withoutACycleEveryForeignKeyGoesWithItsTableAndTheFinalEntryIsEmpty() {
            SortedConstraints sorted = SORTER.sortTablesAndConstraints(List.of(table("a", "b"), table("b")));

            assertThat(sorted.entries()).hasSize(3);
            assertThat(names(sorted.tables())).containsExactly("b", "a");
            assertThat(fkNames(sorted.entries().get(1).foreignKeys())).containsExactly("fk_a_b");
            assertThat(sorted.entries().get(2).table()).isEmpty();
            assertThat(sorted.deferred()).isEmpty();
            assertThat(sorted.warning()).isEmpty();
        }

        @Test
        void everyForeignKeyOfTheCyclesTablesIsDeferredToTheFinalEntry() {
            SortedConstraints sorted = SORTER.sortTablesAndConstraints(issueCycle());

            assertThat(names(sorted.tables())).containsExactly("b", "c", "d", "e", "a");
            SortedConstraints.Entry last = sorted.entries().get(sorted.entries().size() - 1);
            assertThat(last.table()).isEmpty();
            assertThat(fkNames(last.foreignKeys())).containsExactly("fk_b_d", "fk_c_b", "fk_d_c");
            // a is not in the cycle: its foreign key to b stays with it
            assertThat(fkNames(sorted.entries().get(4).foreignKeys())).containsExactly("fk_a_b");
            assertThat(sorted.entries().subList(0, 3)).allSatisfy(e -> assertThat(e.foreignKeys()).isEmpty());
            assertThat(sorted.cycle()).extracting(QualifiedName::toString).containsExactly("b", "c", "d");
            assertThat(sorted.warning()).hasValueSatisfying(w -> assertThat(w).contains("\"b, c, d\""));
        }

        @Test
        void aCycleTablesForeignKeysOutsideTheCycleAreDeferredToo() {
            List<Table> tables = List.of(table("a", "b", "q"), table("b", "a"), table("q"));

            SortedConstraints sorted = SORTER.sortTablesAndConstraints(tables);

            assertThat(names(sorted.tables())).containsExactly("a", "b", "q");
            assertThat(fkNames(sorted.deferred())).containsExactly("fk_a_b", "fk_a_q", "fk_b_a");
        }

        @Test
        void aUseAlterForeignKeyNeverOrdersAndIsAlwaysDeferred() {
            Table a = Table.of(QualifiedName.of("a"), List.of(fk("a", "b").withUseAlter(true)));

            SortedConstraints sorted = SORTER.sortTablesAndConstraints(List.of(a, table("b")));

            assertThat(names(sorted.tables())).containsExactly("a", "b");
            assertThat(fkNames(sorted.deferred())).containsExactly("fk_a_b");
            assertThat(sorted.warning()).isEmpty();
        }

        @Test
        void theFilterDefersAForeignKeyWhenItSaysDefer() {
            TableSorter sorter = SORTER.filter(f -> f.name().orElseThrow().value().equals("fk_a_b")
                    ? ForeignKeyFilter.Decision.DEFER : ForeignKeyFilter.Decision.DEFAULT);

            SortedConstraints sorted = sorter.sortTablesAndConstraints(List.of(table("a", "b"), table("b")));

            assertThat(names(sorted.tables())).containsExactly("a", "b");
            assertThat(fkNames(sorted.deferred())).containsExactly("fk_a_b");
        }

        @Test
        void theFilterKeepsAForeignKeyInlineInACycleWhenItSaysInline() {
            TableSorter sorter = SORTER.filter(f -> f.name().orElseThrow().value().equals("fk_a_b")
                    ? ForeignKeyFilter.Decision.INLINE : ForeignKeyFilter.Decision.DEFAULT);

            SortedConstraints sorted = sorter.sortTablesAndConstraints(List.of(table("a", "b"), table("b", "a")));

            assertThat(names(sorted.tables())).containsExactly("b", "a");
            assertThat(fkNames(sorted.entries().get(1).foreignKeys())).containsExactly("fk_a_b");
            assertThat(fkNames(sorted.deferred())).containsExactly("fk_b_a");
        }

        @Test
        void byDefaultBothForeignKeysOfATwoTableCycleAreDeferred() {
            SortedConstraints sorted = SORTER.sortTablesAndConstraints(List.of(table("a", "b"), table("b", "a")));

            assertThat(names(sorted.tables())).containsExactly("a", "b");
            assertThat(fkNames(sorted.deferred())).containsExactly("fk_a_b", "fk_b_a");
        }

        @Test
        void aCycleTheFilterKeepsEntirelyInlineIsAnError() {
            TableSorter sorter = SORTER.filter(f -> ForeignKeyFilter.Decision.INLINE);

            assertThatThrownBy(() -> sorter.sortTablesAndConstraints(List.of(table("a", "b"), table("b", "a"))))
                    .isInstanceOfSatisfying(CircularDependencyException.class, e ->
                            assertThat(e.cycle()).extracting(QualifiedName::toString).containsExactly("a", "b"));
        }
    }
}
