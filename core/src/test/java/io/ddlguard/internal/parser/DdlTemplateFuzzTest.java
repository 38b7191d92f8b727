package io.ddlguard.internal.parser;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.SqlScript;
import io.ddlguard.element.Ddl;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.event.Target;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Ddl} templating with hostile names: whatever a target's name holds (quotes of every dialect, {@code ;},
 * comments, backslashes, Unicode look-alikes of quotes and semicolons, NUL), the rendered text is exactly one
 * statement, and the name the parser reads back from it is the name given.
 */
@AddLifecycleHook(FuzzTries.class)
class DdlTemplateFuzzTest {

    private static final List<Dialect> DIALECTS = List.of(Dialect.POSTGRESQL, Dialect.MYSQL, Dialect.MARIADB,
            Dialect.H2, Dialect.SQLITE, Dialect.ORACLE, Dialect.MSSQL, Dialect.GENERIC);

    private static final List<String> PIECES = List.of("a", "t", "\"", "'", "`", "[", "]", ";", "--", "/*", "*/", "#",
            "\\", "\\'", "$$", "$a$", " ", "\n", "\r", "\0", "DROP TABLE victim", "; DROP TABLE victim; --",
            "\uFF07", "\u2019", "\u037E", "\uFF02", "\u02BC", "\u00A0", "\u2028", "\nGO\n", "\n/\n", "%", "%%", ")s");

    private static final List<String> TEMPLATES = List.of("DROP TABLE %(fullname)s",
            "ALTER TABLE %(fullname)s ADD COLUMN c int", "CREATE INDEX ix ON %(fullname)s (a)",
            "TRUNCATE TABLE %(fullname)s", "ALTER TABLE %(fullname)s ADD CONSTRAINT ck CHECK (a > 0)",
            "DROP TABLE IF EXISTS %(schema)s.%(table)s CASCADE");

    @Property(tries = 3000)
    void aHostileNameRendersAsOneStatementThatNamesIt(@ForAll("dialects") Dialect dialect,
                                                      @ForAll("names") Identifier schema,
                                                      @ForAll("names") Identifier name,
                                                      @ForAll("templates") String template) {
        Target target = Target.of(ObjectKind.TABLE, QualifiedName.of(schema, name));
        String sql = Ddl.of(template).render(target, null, dialect);

        assertThat(SqlScript.statements(sql, dialect)).as(sql).hasSize(1);
        List<DdlElement> elements = DdlParser.parse(sql, dialect);
        assertThat(elements).as(sql).hasSize(1);
        DdlElement e = elements.get(0);
        QualifiedName read = e.table().orElseGet(() -> e.names().get(0));
        assertThat(read.name().value()).as(sql).isEqualTo(expected(name, dialect));
        assertThat(read.schema().map(Identifier::value)).as(sql).contains(expected(schema, dialect));
    }

    @Test
    void lookAlikesOfQuotesAndSemicolonsAreQuotedNotWrittenBare() {
        for (Dialect d : DIALECTS) {
            // U+02BC (modifier letter apostrophe) is a letter, part of a plain word in every engine: left bare
            for (String lookAlike : List.of("a\uFF07b", "a\u2019b", "a\u037Eb", "a\uFF1Bb")) {
                String sql = Ddl.of("DROP TABLE %(table)s").render(Target.table(lookAlike), null, d);
                assertThat(sql).as("%s in %s", lookAlike, d).isEqualTo("DROP TABLE " + d.quote(Identifier.of(lookAlike).folded(d)));
            }
        }
    }

    /** What the database stores: the value as given when quoted or a plain word, else folded and then quoted. */
    private static String expected(Identifier id, Dialect dialect) {
        return id.quoted() || isPlainWord(id.value()) ? id.value() : id.folded(dialect);
    }

    private static boolean isPlainWord(String s) {
        return s.matches("[\\p{L}_][\\p{L}\\p{Nd}_$]*");
    }

    @Provide
    Arbitrary<Dialect> dialects() {
        return Arbitraries.of(DIALECTS);
    }

    @Provide
    Arbitrary<String> templates() {
        return Arbitraries.of(TEMPLATES);
    }

    @Provide
    Arbitrary<Identifier> names() {
        Arbitrary<String> value = Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
        return net.jqwik.api.Combinators.combine(value, Arbitraries.of(true, false)).as(Identifier::new);
    }
}
