package io.ddlguard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ddlguard.DropPolicy;
import io.ddlguard.element.Ddl;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesFileTest {

    private static final Path FILE = Path.of("/etc/app/ddlguard.yaml");

    @Test
    void theIssuesExampleReadsAsWritten() {
        Rules rules = RulesFile.parse(FILE, """
                guard:
                  drop-policy: fail          # fail | wait | terminate | log
                  lock-wait: 5s
                listeners:
                  - on: after_create
                    target: table users
                    ddl: "ALTER TABLE %(fullname)s ADD CONSTRAINT cst_user_name_length CHECK (length(user_name) >= 8)"
                    execute-if:
                      dialect: [postgresql, mysql]
                """);

        assertThat(rules.dropPolicy()).isEqualTo(DropPolicy.FAIL);
        assertThat(rules.lockWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(rules.listeners()).singleElement().satisfies(l -> {
            assertThat(l.event()).isEqualTo(DdlEvent.AFTER_CREATE);
            assertThat(l.target()).isEqualTo(Target.table("users"));
            assertThat(l.listener()).isNotInstanceOf(Ddl.class); // conditional: executeIf made a new listener
            assertThat(l.line()).isEqualTo(5);
        });
    }

    @Test
    void everyGuardKeyIsRead() {
        Rules rules = RulesFile.parse(FILE, """
                guard:
                  drop-policy: wait
                  lock-wait: PT2S
                  attempt-timeout: 250ms
                  capture-stack-traces: false
                  pool-mode: session
                  log-refusals: false
                  dialect: postgresql
                  name: orders-db
                java-listeners: false
                """);

        assertThat(rules).isEqualTo(new Rules(DropPolicy.WAIT, Duration.ofSeconds(2), Duration.ofMillis(250), false,
                io.ddlguard.PoolMode.SESSION, false, java.util.Optional.of(Dialect.POSTGRESQL),
                java.util.Optional.of("orders-db"), java.util.List.of(), false));
    }

    @Test
    void anEmptyFileMeansTheDefaults() {
        assertThat(RulesFile.parse(FILE, "# nothing yet\n")).isEqualTo(Rules.DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            any                  | any object
            any table            | any table
            any index            | any index
            table users          | table users
            index public.ix_name | index public.ix_name
            view "Weird.Name"    | view "Weird.Name"
            materialized_view mv | materialized view mv
            """)
    void targetsAreReadAsKindAndName(String written, String expected) {
        Rules rules = RulesFile.parse(FILE, "listeners:\n  - on: before_drop\n    target: " + written
                + "\n    ddl: SELECT 1\n");

        assertThat(rules.listeners().get(0).target().toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            'guard:\\n  drop-policy: never\\n'                        | 2 | drop-policy: unknown policy 'never'; one of [fail, wait, terminate, log]
            'guard:\\n  lock-wait: 5 seconds\\n'                      | 2 | lock-wait: cannot read '5 seconds' as a duration
            'guard:\\n  attempt-timeout: 0ms\\n'                      | 2 | attempt-timeout cannot be less than 1ms
            'guard:\\n  lockwait: 5s\\n'                              | 2 | unknown key 'lockwait' in guard
            'guard:\\n  lock-wait: 5s\\n  lock-wait: 6s\\n'           | 3 | 'lock-wait' appears twice in guard
            'listeners:\\n  - on: after_create\\n    target: table users\\n' | 2 | a listener needs 'ddl'
            'listeners:\\n  - on: after_create\\n    target: tabel users\\n    ddl: x\\n' | 3 | target: unknown object kind 'tabel'
            'listeners:\\n  - on: after_create\\n    target: table\\n    ddl: x\\n' | 3 | target: 'table' needs a name
            'listeners:\\n  - on: after_create\\n    target: any table\\n    ddl: \"DROP %(tabel)s\"\\n' | 4 | ddl uses %(tabel)s
            'listeners:\\n  on: after_create\\n'                        | 2 | listeners: expected a list
            'guard: [fail\\n'                                          | 2 | not valid YAML
            """)
    void aProblemNamesTheFileTheLineAndWhatIsWrong(String text, int line, String problem) {
        assertThatThrownBy(() -> RulesFile.parse(FILE, text.replace("\\n", "\n")))
                .isInstanceOfSatisfying(RulesException.class, e -> {
                    assertThat(e.file()).isEqualTo(FILE);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).startsWith(FILE + ":" + line + ": ").contains(problem);
                });
    }

    @Test
    void aMissingFileIsReportedWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> RulesFile.read(missing))
                .isInstanceOf(RulesException.class)
                .hasMessageStartingWith(missing + ": cannot read the rules file");
    }

    @Test
    void aFileOnDiskIsReadAsUtf8(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("r.yaml"),
                "listeners:\n  - on: after_create\n    target: any table\n    ddl: \"COMMENT ON TABLE %(table)s IS 'été'\"\n");

        assertThat(RulesFile.read(file).listeners()).singleElement()
                .satisfies(l -> assertThat(((Ddl) l.listener()).sql()).contains("été"))
                .satisfies(l -> assertThat(l.target()).isEqualTo(Target.any(ObjectKind.TABLE)));
    }
}
