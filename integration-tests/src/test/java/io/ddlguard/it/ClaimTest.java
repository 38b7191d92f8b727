package io.ddlguard.it;

import io.ddlguard.element.Action;
import io.ddlguard.element.AddColumn;
import io.ddlguard.element.ColumnDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DropConstraint;
import io.ddlguard.element.DropTable;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.UnrecognizedDdl;
import io.ddlguard.it.CatalogSnapshot.Ref;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The corpus tests' comparison: a right parse must pass, a wrong one must not. */
class ClaimTest {

    private static final Change DROP_ORDERS = Change.of(Action.DROP, ObjectKind.TABLE, Ref.relation("app", "orders"), "");

    @Test
    void tableNamesAreExactInMySqlAndIgnoreCaseInSqlite() {
        DdlElement drop = new DropTable("DROP TABLE Orders", List.of(QualifiedName.of("Orders")), false, false, false);

        assertThat(reports(drop, DROP_ORDERS, Dialect.MARIADB, NameRule.MYSQL, "app")).isFalse();
        assertThat(reports(drop, DROP_ORDERS, Dialect.SQLITE, NameRule.IGNORE_CASE, "app")).isTrue();
    }

    @Test
    void unquotedH2NamesFoldToUpperCaseAndQuotedOnesDoNot() {
        Change dropUsers = Change.of(Action.DROP, ObjectKind.TABLE, Ref.relation("PUBLIC", "USERS"), "");
        DdlElement unquoted = new DropTable("DROP TABLE users", List.of(QualifiedName.of("users")), false, false, false);
        DdlElement quoted = new DropTable("DROP TABLE \"users\"",
                List.of(QualifiedName.of(Identifier.quoted("users"))), false, false, false);

        assertThat(reports(unquoted, dropUsers, Dialect.H2, NameRule.EXACT, "PUBLIC")).isTrue();
        assertThat(reports(quoted, dropUsers, Dialect.H2, NameRule.EXACT, "PUBLIC")).isFalse();
    }

    @Test
    void anUnqualifiedNameMeansTheDefaultSchemaOnly() {
        DdlElement drop = new DropTable("DROP TABLE orders", List.of(QualifiedName.of("orders")), false, false, false);
        DdlElement qualified = new DropTable("DROP TABLE app.orders", List.of(QualifiedName.of("app", "orders")),
                false, false, false);

        assertThat(reports(drop, DROP_ORDERS, Dialect.MARIADB, NameRule.MYSQL, "app")).isTrue();
        assertThat(reports(drop, DROP_ORDERS, Dialect.MARIADB, NameRule.MYSQL, "other")).isFalse();
        assertThat(reports(qualified, DROP_ORDERS, Dialect.MARIADB, NameRule.MYSQL, "other")).isTrue();
    }

    @Test
    void aColumnChangeMustNameItsTable() {
        Change addNote = Change.of(Action.ALTER, ObjectKind.COLUMN, Ref.inTable("app", "orders", "note"), "");
        ColumnDefinition note = new ColumnDefinition(Identifier.of("note"), "TEXT", false, Optional.empty(), List.of());

        assertThat(reports(new AddColumn("", QualifiedName.of("orders"), note, false), addNote,
                Dialect.MARIADB, NameRule.MYSQL, "app")).isTrue();
        assertThat(reports(new AddColumn("", QualifiedName.of("customers"), note, false), addNote,
                Dialect.MARIADB, NameRule.MYSQL, "app")).isFalse();
    }

    @Test
    void aNamelessElementMatchesAnEngineGeneratedName() {
        Change dropPk = Change.of(Action.DROP, ObjectKind.CONSTRAINT, Ref.inTable("app", "tags", "PRIMARY"), "");
        DdlElement drop = new DropConstraint("ALTER TABLE tags DROP PRIMARY KEY", QualifiedName.of("tags"),
                Optional.empty(), Optional.of(ConstraintType.PRIMARY_KEY), false, false);

        assertThat(reports(drop, dropPk, Dialect.MARIADB, NameRule.MYSQL, "app")).isTrue();
    }

    @Test
    void triggersMustComeAsUnrecognizedDdl() {
        Change trigger = Change.of(Action.CREATE, ObjectKind.TRIGGER, Ref.inTable("app", "orders", "trg"), "");
        DdlElement unrecognized = new UnrecognizedDdl("CREATE TRIGGER trg ...", Action.CREATE, ObjectKind.TRIGGER,
                List.of(QualifiedName.of("trg")), Optional.of(QualifiedName.of("orders")));

        assertThat(reports(unrecognized, trigger, Dialect.MARIADB, NameRule.MYSQL, "app")).isTrue();
        assertThat(reports(unrecognized, DROP_ORDERS, Dialect.MARIADB, NameRule.MYSQL, "app")).isFalse();
    }

    private static boolean reports(DdlElement e, Change change, Dialect dialect, NameRule names, String schema) {
        return Claim.of(e).stream().anyMatch(c -> c.reports(change, dialect, names, schema));
    }
}
