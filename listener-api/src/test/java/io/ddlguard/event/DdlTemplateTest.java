package io.ddlguard.event;

import io.ddlguard.element.AddConstraint;
import io.ddlguard.element.ConstraintDefinition;
import io.ddlguard.element.ConstraintType;
import io.ddlguard.element.Ddl;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdlTemplateTest {

    private static final String CHECK = "ALTER TABLE %(fullname)s ADD CONSTRAINT ck CHECK (length(user_name) >= 8)";

    @Test
    void fillsTableSchemaAndFullnameFromTheTarget() {
        Ddl ddl = Ddl.of("-- %(table)s|%(schema)s|%(fullname)s|%(name)s");
        Target qualified = Target.of(ObjectKind.TABLE, QualifiedName.of("app", "users"));
        assertThat(ddl.render(qualified, null, Dialect.POSTGRESQL)).isEqualTo("-- users|app|app.users|users");
        assertThat(ddl.render(Target.table("users"), null, Dialect.POSTGRESQL)).isEqualTo("-- users||users|users");
    }

    @Test
    void quotedNamesFromTheStatementStayQuoted() {
        Target mixed = Target.of(ObjectKind.TABLE, QualifiedName.of(Identifier.quoted("App"), Identifier.quoted("Users")));
        assertThat(Ddl.of(CHECK).render(mixed, null, Dialect.POSTGRESQL))
                .isEqualTo("ALTER TABLE \"App\".\"Users\" ADD CONSTRAINT ck CHECK (length(user_name) >= 8)");
        assertThat(Ddl.of(CHECK).render(mixed, null, Dialect.MYSQL)).startsWith("ALTER TABLE `App`.`Users` ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users; DROP TABLE x; --", "a\"b", "x'y", "t /* c */", "t\u037Edrop", "us\u0435rs"})
    void hostileNamesAreQuotedAndCannotEndTheIdentifier(String hostile) {
        String sql = Ddl.of("DROP TABLE %(table)s").render(Target.table(hostile), null, Dialect.POSTGRESQL);
        if (hostile.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
            assertThat(sql).isEqualTo("DROP TABLE " + hostile);
        } else {
            assertThat(sql).isEqualTo("DROP TABLE \"" + hostile.toLowerCase(java.util.Locale.ROOT).replace("\"", "\"\"") + "\"");
        }
    }

    @Test
    void indexAndConstraintTargetsNameTheirTable() {
        AddConstraint add = new AddConstraint("ALTER TABLE s.t ADD CONSTRAINT c CHECK (x)", QualifiedName.of("s", "t"),
                new ConstraintDefinition(Optional.of(Identifier.of("c")), ConstraintType.CHECK, List.of(), Optional.empty(),
                        "CHECK (x)"), false);
        String sql = Ddl.of("COMMENT ON CONSTRAINT %(name)s ON %(fullname)s IS 'x'")
                .render(Target.of(ObjectKind.CONSTRAINT, QualifiedName.of("c")), add, Dialect.POSTGRESQL);
        assertThat(sql).isEqualTo("COMMENT ON CONSTRAINT c ON s.t IS 'x'");
    }

    @Test
    void contextAddsAndOverridesKeysVerbatim() {
        Ddl ddl = Ddl.of("GRANT SELECT ON %(table)s TO %(role)s", Map.of("role", "reporting", "table", "audit.log"));
        assertThat(ddl.render(Target.table("users"), null, Dialect.POSTGRESQL)).isEqualTo("GRANT SELECT ON audit.log TO reporting");
    }

    @Test
    void doublePercentIsALiteralPercent() {
        assertThat(Ddl.of("SELECT '%%' || %(table)s, 'a%b'").render(Target.table("t"), null, Dialect.H2))
                .isEqualTo("SELECT '%' || t, 'a%b'");
    }

    @Test
    void anUnknownKeyIsRejectedWhenTheDdlIsBuilt() {
        assertThatThrownBy(() -> Ddl.of("ALTER TABLE %(tabel)s ADD c int"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key 'tabel'");
        assertThatThrownBy(() -> Ddl.of("ALTER TABLE %(table ADD c int"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed placeholder");
    }

    @Test
    void keysAreExactSoEveryKeyThatPassesTheBuildAlsoRenders() {
        // keys are case- and space-sensitive, as Python's %(key)s: a key the build accepts is one render finds
        assertThatThrownBy(() -> Ddl.of("ALTER TABLE %(TABLE)s ADD c int"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key 'TABLE'");
        assertThatThrownBy(() -> Ddl.of("ALTER TABLE %( table )s ADD c int"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key ' table '");
        Ddl ddl = Ddl.of("COMMENT ON TABLE %(table)s IS '%(Owner)s'", java.util.Map.of("Owner", "billing"));
        assertThat(ddl.render(Target.table("users"), null, Dialect.POSTGRESQL))
                .isEqualTo("COMMENT ON TABLE users IS 'billing'");
    }

    @Test
    void againstBindsACopyAndLeavesTheOriginalUnbound() {
        Ddl ddl = Ddl.of("TRUNCATE %(table)s");
        Ddl bound = ddl.against(Target.table("audit"));
        assertThat(ddl.target()).isEmpty();
        assertThat(bound.target()).contains(Target.table("audit"));
        assertThat(bound.render(new FakeContext(Target.table("users"), Dialect.POSTGRESQL, null))).isEqualTo("TRUNCATE audit");
        assertThat(ddl.render(new FakeContext(Target.table("users"), Dialect.POSTGRESQL, null))).isEqualTo("TRUNCATE users");
    }
}
