package io.ddlguard.cli;

import io.ddlguard.LockHolder;
import io.ddlguard.cli.BlockersCommand.Options;
import io.ddlguard.cli.BlockersCommand.Target;
import io.ddlguard.cli.BlockersCommand.UsageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ddlguard blockers} without a database: the command line, the targets, the JSON. */
class BlockersCommandTest {

    private static final String URL = "jdbc:postgresql://localhost:5432/app";

    private static Options parse(String... args) throws UsageException {
        return BlockersCommand.parse(args, Map.of());
    }

    @Test
    void readsUrlUserPasswordJsonAndTargets() throws UsageException {
        Options o = parse("--url", URL, "--user", "app", "--password", "secret", "--json", "public.users", "orders");
        assertThat(o.url()).isEqualTo(URL);
        assertThat(o.user()).isEqualTo("app");
        assertThat(o.password()).isEqualTo("secret");
        assertThat(o.json()).isTrue();
        assertThat(o.help()).isFalse();
        assertThat(o.targets()).extracting(Target::text).containsExactly("public.users", "orders");
    }

    @Test
    void optionsMayBeWrittenWithEqualsAndAnywhere() throws UsageException {
        Options o = parse("users", "--url=" + URL, "--user=app", "--password=a=b");
        assertThat(o.url()).isEqualTo(URL);
        assertThat(o.user()).isEqualTo("app");
        assertThat(o.password()).isEqualTo("a=b");
        assertThat(o.json()).isFalse();
        assertThat(o.targets()).extracting(Target::text).containsExactly("users");
    }

    @Test
    void thePasswordComesFromPgpasswordUnlessGiven() throws UsageException {
        Map<String, String> env = Map.of("PGPASSWORD", "from-env");
        assertThat(BlockersCommand.parse(new String[] {"--url", URL, "t"}, env).password()).isEqualTo("from-env");
        assertThat(BlockersCommand.parse(new String[] {"--url", URL, "--password", "given", "t"}, env).password())
                .isEqualTo("given");
        assertThat(parse("--url", URL, "t").password()).isNull();
        assertThat(parse("--url", URL, "t").user()).isNull();
    }

    @Test
    void doubleDashEndsTheOptions() throws UsageException {
        assertThat(parse("--url", URL, "--", "--json").targets()).extracting(Target::text).containsExactly("--json");
    }

    @Test
    void helpNeedsNothingElse() throws UsageException {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("users", "--help").help()).isTrue();
        assertThatThrownBy(() -> parse("-h", "--url")).as("a missing value is still an error")
                .isInstanceOf(UsageException.class).hasMessage("--url needs a value");
    }

    @Test
    void usageErrors() {
        assertThatThrownBy(() -> parse("users")).isInstanceOf(UsageException.class).hasMessageContaining("--url is required");
        assertThatThrownBy(() -> parse("--url", URL)).isInstanceOf(UsageException.class).hasMessageContaining("TARGET");
        assertThatThrownBy(() -> parse("--url")).isInstanceOf(UsageException.class).hasMessage("--url needs a value");
        assertThatThrownBy(() -> parse("--url", URL, "--verbose", "t")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--verbose'");
        assertThatThrownBy(() -> parse("--url", URL, "--json=yes", "t")).isInstanceOf(UsageException.class)
                .hasMessage("--json takes no value");
        assertThatThrownBy(() -> parse("--url", "jdbc:mysql://localhost/app", "t")).isInstanceOf(UsageException.class)
                .hasMessageContaining("PostgreSQL JDBC URL");
        assertThatThrownBy(() -> parse("--url", URL, " ")).isInstanceOf(UsageException.class)
                .hasMessage("an empty TARGET");
    }

    @Test
    void anArgumentStartingWithADdlKeywordIsAStatementAnythingElseAName() {
        assertThat(Target.of("DROP TABLE users").isStatement()).isTrue();
        assertThat(Target.of("  alter table orders add column note text ").isStatement()).isTrue();
        assertThat(Target.of("TRUNCATE orders").isStatement()).isTrue();
        assertThat(Target.of("create index concurrently ix on t (a)").isStatement()).isTrue();
        assertThat(Target.of("Drop\n  table t").isStatement()).isTrue();
        assertThat(Target.of("  drop table t ").text()).isEqualTo("drop table t");

        assertThat(Target.of("users").isStatement()).isFalse();
        assertThat(Target.of("public.users").isStatement()).isFalse();
        assertThat(Target.of("\"My Table\"").isStatement()).isFalse();
        assertThat(Target.of("drop").isStatement()).as("a table named drop").isFalse();
        assertThat(Target.of("dropped_rows").isStatement()).isFalse();
        assertThat(Target.of("SELECT * FROM t").isStatement()).isFalse();
    }

    @Test
    void aNameHasNoWhiteSpaceOutsideQuotes() {
        assertThat(BlockersCommand.looksLikeName("public.users")).isTrue();
        assertThat(BlockersCommand.looksLikeName("public.\"My Table\"")).isTrue();
        assertThat(BlockersCommand.looksLikeName("SELECT * FROM t")).isFalse();
        assertThat(BlockersCommand.looksLikeName("\"a\" b")).isFalse();
    }

    @Test
    void jsonHasEveryFieldEscapedAndNullWhenAbsent() {
        Instant t = Instant.parse("2025-01-02T03:04:05.123Z");
        LockHolder h = new LockHolder(OptionalLong.of(4242), Optional.empty(), "public.\"Odd\"", "AccessShareLock",
                true, false, Optional.of("idle in transaction"), Optional.of(t), Optional.of(t),
                Optional.of("select 'a\\b'\n\tfrom \"Odd\"\u0001"), Optional.of("app"), Optional.of(""),
                Optional.empty(), Optional.of(t), OptionalLong.of(7), Optional.empty(), List.of("query"),
                Optional.of("no pg_read_all_stats"));

        assertThat(BlockersCommand.json("DROP TABLE \"Odd\"", h)).isEqualTo("{"
                + "\"statement\":\"DROP TABLE \\\"Odd\\\"\",\"pid\":4242,\"preparedTransaction\":null,"
                + "\"relation\":\"public.\\\"Odd\\\"\",\"mode\":\"AccessShareLock\",\"granted\":true,"
                + "\"olderSnapshot\":false,\"state\":\"idle in transaction\",\"stateSince\":\"2025-01-02T03:04:05.123Z\","
                + "\"transactionStart\":\"2025-01-02T03:04:05.123Z\","
                + "\"query\":\"select 'a\\\\b'\\n\\tfrom \\\"Odd\\\"\\u0001\",\"user\":\"app\",\"applicationName\":\"\","
                + "\"clientAddress\":null,\"openedAt\":\"2025-01-02T03:04:05.123Z\",\"blockedBy\":7,"
                + "\"hidden\":[\"query\"],\"hiddenBecause\":\"no pg_read_all_stats\"}");
    }

    @Test
    void usageErrorsExitWithOneAndHelpWithZero() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(Main.run(new String[] {"blockers", "users"}, o, e, Map.of())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ddlguard blockers: --url is required",
                "ddlguard blockers --help");

        assertThat(Main.run(new String[] {"blockers", "--help"}, o, e, Map.of())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: ddlguard blockers --url JDBC_URL",
                "exit status: 0 nothing blocks, 2 something blocks, 1 usage or connection error");
    }

    @Test
    void anUnreachableServerIsAConnectionError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        // Port 1 on localhost: nothing listens there, the connection is refused at once.
        int status = Main.run(new String[] {"blockers", "--url", "jdbc:postgresql://127.0.0.1:1/app", "users"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), e, Map.of());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("ddlguard blockers: cannot connect to jdbc:postgresql://127.0.0.1:1/app");
    }
}
