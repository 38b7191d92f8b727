package io.ddlguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent on an application that knows nothing of ddlguard ({@code sample-app}), in a child JVM: HikariCP +
 * pgjdbc against embedded PostgreSQL, {@code DriverManager} + H2, runtime attach, and bad rules files. Every test
 * runs on the JDK running the build and on the newest JDK under {@code /usr/lib/jvm} (skipped, saying so, when
 * there is none newer).
 */
class AgentIT {

    private static final Path AGENT_JAR = Path.of(System.getProperty("agent.jar", "../agent/target/missing.jar"));
    private static final String RULES = """
            guard:
              drop-policy: fail          # fail | wait | terminate | log
              lock-wait: 5s
            listeners:
              - on: after_create
                target: table users      # table NAME | any table | index NAME | any index | any ...
                ddl: "ALTER TABLE %(fullname)s ADD CONSTRAINT cst_user_name_length CHECK (length(user_name) >= 8)"
                execute-if:
                  dialect: [postgresql, mysql, h2]
            """;
    /** What the Java listeners print for the DDL of the events scenarios, each line exactly once. */
    private static final List<String> EVENTS = List.of(
            "listener: BEFORE_CREATE table users",
            "listener: AFTER_CREATE table users",
            "listener: BEFORE_CREATE index users_name",
            "listener: AFTER_CREATE index users_name",
            "listener: BEFORE_CREATE table protected",
            "listener: AFTER_CREATE table protected",
            "listener: BEFORE_DROP table protected",
            "listener: BEFORE_DROP table users",
            "listener: AFTER_DROP table users");
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    @TempDir
    static Path dir;
    private static Path rules;
    private static Path listeners;

    /** A JDK to run the child on; {@code java} is null when the machine has no such JDK. */
    record Jdk(String name, Path java) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Jdk> jdks() {
        Path current = Path.of(System.getProperty("java.home"), "bin", "java");
        int currentVersion = Runtime.version().feature();
        Optional<Path> newest = newestJdk().filter(j -> majorVersion(j.getParent().getParent()) > currentVersion);
        return Stream.of(new Jdk("JDK " + currentVersion + " (java.home)", current),
                new Jdk(newest.map(j -> "JDK " + majorVersion(j.getParent().getParent()) + " (" + j + ")")
                        .orElse("newest JDK under /usr/lib/jvm"), newest.orElse(null)));
    }

    @BeforeAll
    static void files() throws IOException {
        assertThat(AGENT_JAR).as("the agent's shaded jar; build the agent module first").isRegularFile();
        rules = Files.writeString(dir.resolve("ddlguard.yaml"), RULES);
        listeners = dir.resolve("listeners");
        String classFile = PrintingListeners.class.getName().replace('.', '/') + ".class";
        Path target = listeners.resolve(classFile);
        Files.createDirectories(target.getParent());
        try (var in = PrintingListeners.class.getClassLoader().getResourceAsStream(classFile)) {
            Files.copy(in, target);
        }
        Path service = listeners.resolve("META-INF/services/io.ddlguard.event.DdlListenerProvider");
        Files.createDirectories(service.getParent());
        Files.writeString(service, PrintingListeners.class.getName() + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void hikariAndPgjdbcConnectionsAreGuardedAndEveryListenerFiresOncePerDdl(Jdk jdk) throws Exception {
        Child child = run(jdk, agentFlag("rules=" + rules), false,
                "events-hikari", PostgresServer.jdbcUrl(database("agent_hikari", jdk)));

        assertEvents(child);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void driverManagerAndH2ConnectionsAreGuardedAndEveryListenerFiresOncePerDdl(Jdk jdk) throws Exception {
        Child child = run(jdk, agentFlag("rules=" + rules), false, "events-drivermanager", "jdbc:h2:mem:events");

        assertEvents(child);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aBlockedDropEndsWithTheReportNamingTheHolderInsteadOfHanging(Jdk jdk) throws Exception {
        Child child = run(jdk, agentFlag("rules=" + rules), false,
                "blocked-drop", PostgresServer.jdbcUrl(database("agent_blocked", jdk)));

        assertThat(child.exit).as(child.output()).isZero();
        String pid = child.value("holder pid: ");
        assertThat(child.lines).as(child.output())
                .contains("step DROP TABLE orders -> io.ddlguard.DropBlockedException 55P03")
                .anyMatch(l -> l.startsWith("| ") && l.contains(pid))
                // the holder was borrowed by the application's own code, and the report says where
                .anyMatch(l -> l.startsWith("| ") && l.contains("example.app.SampleApp.blockedDrop"));
        assertThat(child.lines.get(child.lines.size() - 2)).as(child.output())
                .isEqualTo("step DROP TABLE orders -> ok");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aPoolCreatedBeforeARuntimeAttachIsGuardedAfterIt(Jdk jdk) throws Exception {
        Child child = run(jdk, List.of(), true, "attach", "jdbc:h2:mem:attach", rules.toString());

        assertThat(child.lines).as(child.output())
                .contains("connection before attach: com.zaxxer.hikari.pool.HikariProxyConnection")
                .contains("step CREATE TABLE before_attach (id int) -> ok")
                .noneMatch(l -> l.contains("before_attach") && l.startsWith("listener: "));
        assertEvents(child);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aBadRulesFileStopsTheApplicationNamingTheFileAndLine(Jdk jdk) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad-" + jdk.name.hashCode() + ".yaml"), """
                guard:
                  drop-policy: fail
                listeners:
                  - on: after_craete
                    target: table users
                    ddl: "COMMENT ON TABLE %(table)s IS 'x'"
                """);

        Child child = run(jdk, agentFlag("rules=" + bad), false, "events-drivermanager", "jdbc:h2:mem:bad");

        assertThat(child.exit).as(child.output()).isEqualTo(1);
        assertThat(child.lines).as(child.output())
                .anyMatch(l -> l.contains(bad + ":4: on: unknown event 'after_craete'"))
                .noneMatch(l -> l.startsWith("sample-app: started"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aBadRulesFileWithOnErrorWarnIsReportedAndTheApplicationRunsGuarded(Jdk jdk) throws Exception {
        Path bad = Files.writeString(dir.resolve("warn-" + jdk.name.hashCode() + ".yaml"), "guard:\n  lock-wait: soon\n");

        Child child = run(jdk, agentFlag("rules=" + bad + ",on-error=warn"), false,
                "events-drivermanager", "jdbc:h2:mem:warn");

        assertThat(child.exit).as(child.output()).isZero();
        assertThat(child.lines).as(child.output())
                .anyMatch(l -> l.contains(bad + ":2: lock-wait: cannot read 'soon' as a duration"))
                .contains("connection: io.ddlguard.internal.jdbc.DdlConnection")
                .contains("sample-app: done");
    }

    private static void assertEvents(Child child) {
        assertThat(child.exit).as(child.output()).isZero();
        assertThat(child.lines).as(child.output())
                .contains("connection: io.ddlguard.internal.jdbc.DdlConnection")
                // the rules file's listener ran once: a second ADD CONSTRAINT of that name would have failed
                .contains("constraints named cst_user_name_length: 1")
                .contains("step CREATE TABLE users (id int, user_name varchar(100)) -> ok")
                .anyMatch(l -> l.startsWith("step INSERT INTO users VALUES (1, 'short') -> ")
                        && (l.endsWith(" 23514") || l.endsWith(" 23513"))) // check violation: PostgreSQL, H2
                .contains("step DROP TABLE protected -> io.ddlguard.DdlVetoException DG001")
                .contains("step DROP TABLE users -> ok");
        List<String> heard = child.lines.stream().filter(l -> l.startsWith("listener: ")).toList();
        assertThat(heard).as(child.output()).containsExactlyElementsOf(EVENTS);
    }

    private static String database(String prefix, Jdk jdk) {
        String name = prefix + "_" + (jdk.java == null ? 0 : Math.abs(jdk.java.hashCode() % 1000));
        PostgresServer.newDatabase(name);
        return name;
    }

    private static List<String> agentFlag(String arguments) {
        return List.of("-javaagent:" + AGENT_JAR.toAbsolutePath() + "=" + arguments);
    }

    /** The child's stdout and stderr, line by line, and its exit status. */
    record Child(int exit, List<String> lines) {
        String output() {
            return "child output:\n" + String.join("\n", lines);
        }

        String value(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                    .findFirst().orElseThrow(() -> new AssertionError("no line '" + prefix + "' in " + output()));
        }
    }

    /**
     * Runs the sample application on {@code jdk} with {@code jvmArguments}, its own class path, the Java listeners,
     * and (when {@code agentOnClassPath}) the agent jar; fails if it does not end within the timeout.
     */
    private static Child run(Jdk jdk, List<String> jvmArguments, boolean agentOnClassPath, String... appArguments)
            throws IOException, InterruptedException {
        assumeTrue(jdk.java != null, "no JDK newer than " + Runtime.version().feature()
                + " under /usr/lib/jvm: this case needs one and did not run");
        List<String> classPath = new ArrayList<>();
        classPath.add(System.getProperty("sample.app.classes"));
        classPath.add(Files.readString(Path.of(System.getProperty("sample.app.classpath"))).trim());
        classPath.add(listeners.toString());
        if (agentOnClassPath) {
            classPath.add(AGENT_JAR.toAbsolutePath().toString());
        }
        List<String> command = new ArrayList<>();
        command.add(jdk.java.toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmArguments);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath));
        command.add("example.app.SampleApp");
        command.addAll(List.of(appArguments));
        Path out = Files.createTempFile(dir, "child", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the child JVM did not end within " + CHILD_TIMEOUT_SECONDS + " s:\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Child(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8));
    }

    /** The {@code bin/java} of the JDK under /usr/lib/jvm with the highest feature version, if any. */
    private static Optional<Path> newestJdk() {
        Path root = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(root)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")) && majorVersion(h) > 0)
                    .max(Comparator.comparingInt(AgentIT::majorVersion))
                    .map(h -> h.resolve("bin/java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDK home's feature version from its {@code release} file ({@code JAVA_VERSION="25.0.1"}), or 0. */
    private static int majorVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        try {
            Matcher m = Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)").matcher(Files.readString(release));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
