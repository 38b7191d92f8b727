package io.ddlguard.schema;

import io.ddlguard.element.Dialect;
import io.ddlguard.element.QualifiedName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunPlanTest {

    /** A cycle a→b→c→a (b's foreign key inline and unnamed, c's deferrable), and d→a outside it. */
    private static final String CYCLE = """
            CREATE TABLE a (id int PRIMARY KEY, b_id int, CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id));
            CREATE TABLE b (id int PRIMARY KEY, c_id int REFERENCES c (id));
            CREATE TABLE c (id int PRIMARY KEY, a_id int,
                CONSTRAINT fk_c_a FOREIGN KEY (a_id) REFERENCES a (id) DEFERRABLE INITIALLY DEFERRED);
            CREATE TABLE d (id int PRIMARY KEY, a_id int CONSTRAINT fk_d_a REFERENCES a (id));
            CREATE INDEX ix_d_a ON d (a_id);
            CREATE VIEW v AS SELECT * FROM d;
            CREATE SEQUENCE s;
            """;

    private static List<String> names(List<QualifiedName> names) {
        return names.stream().map(QualifiedName::toString).toList();
    }

    @Nested
    class FromSql {

        @Test
        void readsTablesForeignKeysIndexesViewsAndSequences() {
            Schema schema = Schema.fromSql(CYCLE, Dialect.POSTGRESQL);

            assertThat(schema.tables()).extracting(Table::toString).containsExactly("a", "b", "c", "d");
            assertThat(schema.table("B").orElseThrow().foreignKeys()).singleElement().satisfies(fk -> {
                assertThat(fk.name()).isEmpty();
                assertThat(fk.columns()).extracting(Object::toString).containsExactly("c_id");
                assertThat(fk.referredTable()).hasToString("c");
                assertThat(fk.referredColumns()).extracting(Object::toString).containsExactly("id");
            });
            assertThat(schema.table("d").orElseThrow().indexes()).singleElement()
                    .satisfies(i -> assertThat(i.sql()).isEqualTo("CREATE INDEX ix_d_a ON d (a_id)"));
            assertThat(names(schema.views())).containsExactly("v");
            assertThat(names(schema.sequences())).containsExactly("s");
        }

        @Test
        void aForeignKeyAddedByAlterTableBelongsToItsTableAndIsCreatedByAlter() throws SQLException {
            Schema schema = Schema.fromSql("""
                    CREATE TABLE a (id int PRIMARY KEY, b_id int);
                    CREATE TABLE b (id int PRIMARY KEY);
                    ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id) ON DELETE CASCADE;
                    """, Dialect.POSTGRESQL);

            assertThat(schema.table("a").orElseThrow().foreignKeys()).singleElement()
                    .satisfies(fk -> assertThat(fk.useAlter()).isTrue());
            assertThat(RunPlan.create(schema.tables(), Dialect.POSTGRESQL, false).unit().statements()).containsExactly(
                    "CREATE TABLE a (id int PRIMARY KEY, b_id int)",
                    "CREATE TABLE b (id int PRIMARY KEY)",
                    "ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id) ON DELETE CASCADE");
        }

        @Test
        void aTableCreatedTwiceIsRefused() {
            assertThatThrownBy(() -> Schema.fromSql("CREATE TABLE a (x int); CREATE TABLE A (y int);",
                    Dialect.POSTGRESQL)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        }
    }

    @Nested
    class Create {

        @Test
        void aCyclesForeignKeysComeOutOfTheirCreateTableAndAreAddedAfterEveryTable() {
            RunPlan plan = RunPlan.create(Schema.fromSql(CYCLE, Dialect.POSTGRESQL).tables(), Dialect.POSTGRESQL, true);

            assertThat(names(plan.unit().tables())).containsExactly("a", "b", "c", "d");
            assertThat(plan.unit().checkFirst()).isTrue();
            assertThat(plan.unit().statements()).containsExactly(
                    "CREATE TABLE a (id int PRIMARY KEY, b_id int)",
                    "CREATE TABLE b (id int PRIMARY KEY, c_id int )",
                    "CREATE TABLE c (id int PRIMARY KEY, a_id int)",
                    "CREATE TABLE d (id int PRIMARY KEY, a_id int CONSTRAINT fk_d_a REFERENCES a (id))",
                    "CREATE INDEX ix_d_a ON d (a_id)",
                    "ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id)",
                    "ALTER TABLE b ADD FOREIGN KEY (c_id) REFERENCES c (id)",
                    "ALTER TABLE c ADD CONSTRAINT fk_c_a FOREIGN KEY (a_id) REFERENCES a (id) DEFERRABLE INITIALLY DEFERRED");
            assertThat(plan.warnings()).isEmpty();
        }

        @Test
        void onSqliteACycleIsCreatedInlineInSortedOrder() {
            RunPlan plan = RunPlan.create(Schema.fromSql(CYCLE, Dialect.SQLITE).tables(), Dialect.SQLITE, false);

            assertThat(plan.unit().statements()).containsExactly(
                    "CREATE TABLE a (id int PRIMARY KEY, b_id int, CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id))",
                    "CREATE TABLE b (id int PRIMARY KEY, c_id int REFERENCES c (id))",
                    "CREATE TABLE c (id int PRIMARY KEY, a_id int,\n"
                            + "    CONSTRAINT fk_c_a FOREIGN KEY (a_id) REFERENCES a (id) DEFERRABLE INITIALLY DEFERRED)",
                    "CREATE TABLE d (id int PRIMARY KEY, a_id int CONSTRAINT fk_d_a REFERENCES a (id))",
                    "CREATE INDEX ix_d_a ON d (a_id)");
        }

        @Test
        void aTableWithoutItsCreateStatementCannotBeCreated() {
            Table reflected = Table.of(QualifiedName.of("a"), List.of());

            assertThatThrownBy(() -> RunPlan.create(List.of(reflected), Dialect.POSTGRESQL, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no CREATE TABLE statement");
        }

        @Test
        void noTablesMakeAnEmptyRun() {
            RunPlan plan = RunPlan.create(List.of(), Dialect.POSTGRESQL, true);

            assertThat(plan.unit().tables()).isEmpty();
            assertThat(plan.unit().statements()).isEmpty();
        }
    }

    @Nested
    class CutOutOfCreateTable {

        private String cut(String create, Dialect dialect) {
            return RunPlan.create(Schema.fromSql(create + "; CREATE TABLE u (id int, t_id int REFERENCES t);",
                    dialect).tables(), dialect, false).unit().statements().get(0);
        }

        @Test
        void theFirstDefinitionGoesWithTheCommaAfterIt() {
            assertThat(cut("CREATE TABLE t (CONSTRAINT f FOREIGN KEY (x) REFERENCES u, x int)", Dialect.POSTGRESQL))
                    .isEqualTo("CREATE TABLE t (x int)");
        }

        @Test
        void neighbouringDefinitionsGoWithTheirCommasAndComments() {
            assertThat(cut("CREATE TABLE t (x int, y int, -- to u\n CONSTRAINT f FOREIGN KEY (x) REFERENCES u,"
                    + " FOREIGN KEY (y) REFERENCES u\n)", Dialect.POSTGRESQL))
                    .isEqualTo("CREATE TABLE t (x int, y int\n)");
        }

        @Test
        void quotedNamesAndMysqlBackticksAreKept() {
            assertThat(cut("CREATE TABLE t (`x` int, CONSTRAINT `f` FOREIGN KEY (`x`) REFERENCES u (id))",
                    Dialect.MARIADB)).isEqualTo("CREATE TABLE t (`x` int)");
        }
    }

    @Nested
    class Drop {

        @Test
        void namedForeignKeysOfACycleAreDroppedFirstThenTablesInReverseOrder() throws SQLException {
            RunPlan plan = RunPlan.drop(Schema.fromSql(CYCLE, Dialect.POSTGRESQL).tables(), Dialect.POSTGRESQL, false);

            // b's unnamed foreign key cannot be dropped, so it keeps ordering: b goes before c
            assertThat(names(plan.unit().tables())).containsExactly("d", "b", "c", "a");
            assertThat(plan.unit().statements()).containsExactly(
                    "ALTER TABLE a DROP CONSTRAINT fk_a_b",
                    "ALTER TABLE c DROP CONSTRAINT fk_c_a",
                    "DROP TABLE d", "DROP TABLE b", "DROP TABLE c", "DROP TABLE a");
        }

        @Test
        void mysqlAndMariadbDropAForeignKeyWithDropForeignKey() throws SQLException {
            RunPlan plan = RunPlan.drop(Schema.fromSql(CYCLE, Dialect.MARIADB).tables(), Dialect.MARIADB, false);

            assertThat(plan.unit().statements()).startsWith("ALTER TABLE a DROP FOREIGN KEY fk_a_b");
        }

        @Test
        void aCycleOfUnnamedForeignKeysIsRefusedBeforeAnythingRuns() {
            List<Table> tables = Schema.fromSql("CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b);"
                    + " CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a)", Dialect.POSTGRESQL).tables();

            assertThatThrownBy(() -> RunPlan.drop(tables, Dialect.POSTGRESQL, false))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("DG003"))
                    .hasMessageContaining("a, b").hasMessageContaining("names");
        }

        @Test
        void onSqliteACycleIsDroppedInTheGivenOrderWithAWarning() throws SQLException {
            List<Table> tables = Schema.fromSql(CYCLE, Dialect.SQLITE).tables();

            RunPlan plan = RunPlan.drop(tables, Dialect.SQLITE, false);

            assertThat(plan.unit().statements()).containsExactly("DROP TABLE d", "DROP TABLE c", "DROP TABLE b",
                    "DROP TABLE a");
            assertThat(plan.warnings()).singleElement().asString().contains("a, b, c");
        }

        @Test
        void reflectedNamesAreQuotedByTheDialect() throws SQLException {
            Table t = Table.of(QualifiedName.of(io.ddlguard.element.Identifier.quoted("app"),
                    io.ddlguard.element.Identifier.quoted("Order")), List.of());

            assertThat(RunPlan.drop(List.of(t), Dialect.MARIADB, false).unit().statements())
                    .containsExactly("DROP TABLE `app`.`Order`");
        }
    }
}
