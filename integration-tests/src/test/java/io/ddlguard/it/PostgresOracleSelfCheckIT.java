package io.ddlguard.it;

import io.ddlguard.element.Action;
import io.ddlguard.element.AddColumn;
import io.ddlguard.element.ColumnDefinition;
import io.ddlguard.element.CreateIndex;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.DropColumn;
import io.ddlguard.element.DropTable;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.RenameTable;
import io.ddlguard.element.TruncateTable;
import io.ddlguard.element.UnrecognizedDdl;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oracle itself, checked with hand-written parses: a right parse must pass and a subtly wrong one must be
 * reported, or a green {@link PostgresParserOracleIT} would mean nothing.
 */
class PostgresOracleSelfCheckIT {

    @Test
    void oracleAcceptsRightParsesAndReportsWrongOnes() throws SQLException {
        try (PostgresTruth truth = PostgresTruth.install(PostgresServer.newDatabase("oracle_self_check"))) {
            String sql = "CREATE TABLE Orders (id serial PRIMARY KEY, note text)";
            check(truth, sql,
                    List.of(createTable(sql, QualifiedName.of("Orders"))),
                    List.of(createTable(sql, QualifiedName.of(Identifier.quoted("Orders")))));

            sql = "ALTER TABLE orders ADD COLUMN total int, DROP COLUMN note";
            check(truth, sql,
                    List.of(addColumn(sql, "orders", "total"), dropColumn(sql, "orders", "note")),
                    List.of(addColumn(sql, "orders", "total")));

            sql = "CREATE INDEX ON orders (total)";
            check(truth, sql,
                    List.of(new CreateIndex(sql, Optional.empty(), QualifiedName.of("orders"), false, false, false,
                            List.of("total"))),
                    List.of(new CreateIndex(sql, Optional.empty(), QualifiedName.of("audit", "orders"), false, false,
                            false, List.of("total"))));

            sql = "TRUNCATE orders";
            check(truth, sql,
                    List.of(new TruncateTable(sql, List.of(QualifiedName.of("orders")), false, false)),
                    List.of(new DropTable(sql, List.of(QualifiedName.of("orders")), false, false, false)));

            sql = "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$";
            check(truth, sql,
                    List.of(new UnrecognizedDdl(sql, Action.CREATE, ObjectKind.FUNCTION,
                            List.of(QualifiedName.of("one")), Optional.empty())),
                    List.of(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.OTHER, List.of(), Optional.empty())));

            sql = "ALTER TABLE orders RENAME TO \"Orders2\"";
            check(truth, sql,
                    List.of(new RenameTable(sql, QualifiedName.of("orders"),
                            QualifiedName.of(Identifier.quoted("Orders2")))),
                    List.of(new RenameTable(sql, QualifiedName.of("orders"), QualifiedName.of("Orders2"))));

            sql = "DROP TABLE IF EXISTS \"Orders2\", missing";
            check(truth, sql,
                    List.of(new DropTable(sql, List.of(QualifiedName.of(Identifier.quoted("Orders2")),
                            QualifiedName.of("missing")), false, true, false)),
                    List.of(new DropTable(sql, List.of(QualifiedName.of(Identifier.quoted("Orders2")),
                            QualifiedName.of("missing")), false, false, false)));

            sql = "SELECT 1 /* CREATE TABLE x */";
            check(truth, sql, List.of(), List.of(createTable(sql, QualifiedName.of("x"))));
        }
    }

    private static void check(PostgresTruth truth, String sql, List<DdlElement> right, List<DdlElement> wrong)
            throws SQLException {
        PostgresTruth.Observation observation = truth.run(sql);
        assertThat(PostgresParserOracle.verdict(observation, right)).as("right parse of %s", sql).isEmpty();
        assertThat(PostgresParserOracle.verdict(observation, wrong)).as("wrong parse of %s", sql).isPresent();
    }

    private static CreateTable createTable(String sql, QualifiedName name) {
        return new CreateTable(sql, name, false, false, List.of(), List.of(), Optional.empty(), Optional.empty(),
                false, false);
    }

    private static AddColumn addColumn(String sql, String table, String column) {
        return new AddColumn(sql, QualifiedName.of(table),
                new ColumnDefinition(Identifier.of(column), "int", false, Optional.empty(), List.of()), false);
    }

    private static DropColumn dropColumn(String sql, String table, String column) {
        return new DropColumn(sql, QualifiedName.of(table), Identifier.of(column), false, false);
    }
}
