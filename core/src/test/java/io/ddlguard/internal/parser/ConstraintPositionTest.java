package io.ddlguard.internal.parser;

import io.ddlguard.element.AddConstraint;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.CreateTable;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a constraint's whole definition lies in the text of its own statement, which the schema tools cut. */
class ConstraintPositionTest {

    private static String located(DdlElement element, ConstraintDefinition c) {
        return element.sql().substring(c.start(), c.end());
    }

    @Test
    void tableLevelAndInlineDefinitionsAreLocatedWithTheirConstraintNames() {
        List<DdlElement> parsed = StatementParser.parse("""
                CREATE TABLE x (id int);
                CREATE TABLE t (id int PRIMARY KEY, a int CONSTRAINT fk_a REFERENCES x (id) ON DELETE CASCADE,
                    b int REFERENCES x, CONSTRAINT fk_c FOREIGN KEY (a, b) REFERENCES x (id, id) DEFERRABLE,
                    CHECK (a > 0))""", Dialect.POSTGRESQL);
        CreateTable t = (CreateTable) parsed.get(1);

        assertThat(t.foreignKeys()).extracting(c -> located(t, c)).containsExactly(
                "CONSTRAINT fk_a REFERENCES x (id) ON DELETE CASCADE",
                "REFERENCES x",
                "CONSTRAINT fk_c FOREIGN KEY (a, b) REFERENCES x (id, id) DEFERRABLE");
        assertThat(located(t, t.columns().get(0).constraints().get(0))).isEqualTo("PRIMARY KEY");
        assertThat(located(t, t.constraints().get(1))).isEqualTo("CHECK (a > 0)");
    }

    @Test
    void anAddedConstraintIsLocatedInItsAlterStatement() {
        List<DdlElement> parsed = StatementParser.parse("CREATE TABLE x (id int);\n"
                + "ALTER TABLE t ADD COLUMN y int, ADD CONSTRAINT fk FOREIGN KEY (y) REFERENCES x", Dialect.POSTGRESQL);
        AddConstraint add = (AddConstraint) parsed.get(2);

        assertThat(located(add, add.constraint())).isEqualTo("CONSTRAINT fk FOREIGN KEY (y) REFERENCES x");
    }

    @Test
    void aConstraintBuiltByHandHasNoPosition() {
        ConstraintDefinition c = new ConstraintDefinition(Optional.empty(), ConstraintType.CHECK, List.of(),
                Optional.empty(), "CHECK (x > 0)");

        assertThat(c.hasPosition()).isFalse();
        assertThat(c.start()).isEqualTo(-1);
    }
}
