package io.ddlguard.it;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's package) in front of the embedded PostgreSQL, started by the test that needs it and
 * stopped by {@link #close()}. It listens on a free loopback port, trusts every client (as the embedded server
 * does), and pools {@code database} in the given mode with {@code poolSize} server connections, so that more
 * clients than that share, and rotate through, the same server sessions. PgBouncer refuses to run as root, so when
 * the JVM is root it runs as {@code nobody}, with its files readable by that user.
 *
 * <p>When no {@code pgbouncer} binary is installed the calling test is skipped with the reason ({@code .ci/run}
 * installs the package first).
 */
final class PgBouncer implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"),
            Path.of("/usr/local/bin/pgbouncer"));
    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    /** The roles clients may log in as: the superuser, and {@link #APP_ROLE}, which tests create. */
    static final String APP_ROLE = "pgbouncer_app";
    private static final List<String> USERS = List.of("postgres", APP_ROLE);

    /** PgBouncer's {@code pool_mode}. */
    enum Mode {
        SESSION, TRANSACTION
    }

    private final Process process;
    private final Path directory;
    private final int port;
    private final String database;

    private PgBouncer(Process process, Path directory, int port, String database) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.database = database;
    }

    /** The binary, or the test is skipped: the suite needs Debian's {@code pgbouncer} package. */
    static Path binary() {
        for (Path p : BINARIES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir, "pgbouncer");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        Assumptions.abort("pgbouncer is not installed (Debian: apt-get install -y pgbouncer; .ci/run does it):"
                + " the pooler suite needs a real PgBouncer in front of PostgreSQL");
        throw new AssertionError("unreachable");
    }

    /**
     * Starts a PgBouncer pooling {@code database} of the embedded server.
     *
     * @param poolSize the server connections it may open (default_pool_size, and max_db_connections)
     */
    static PgBouncer start(String database, Mode mode, int poolSize) throws IOException, InterruptedException {
        Path binary = binary();
        int pgPort = PostgresServer.port();
        int port = freePort();
        Path dir = Files.createTempDirectory("ddlguard-pgbouncer-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path users = dir.resolve("userlist.txt");
        StringBuilder userlist = new StringBuilder();
        for (String user : USERS) {
            userlist.append('"').append(user).append("\" \"\"\n");
        }
        Files.writeString(users, userlist.toString());
        Path ini = dir.resolve("pgbouncer.ini");
        Files.writeString(ini, String.join("\n",
                "[databases]",
                database + " = host=127.0.0.1 port=" + pgPort + " dbname=" + database,
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + users,
                "pool_mode = " + mode.name().toLowerCase(Locale.ROOT),
                "default_pool_size = " + poolSize,
                "max_db_connections = " + poolSize,
                "min_pool_size = 0",
                "reserve_pool_size = 0",
                "max_client_conn = 200",
                // pgjdbc's startup parameter that PgBouncer does not track
                "ignore_startup_parameters = extra_float_digits",
                "server_lifetime = 3600",
                "server_idle_timeout = 600",
                "logfile = " + dir.resolve("pgbouncer.log"),
                "pidfile = " + dir.resolve("pgbouncer.pid"),
                "") );
        for (Path p : List.of(users, ini)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.add(ini.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        PgBouncer bouncer = new PgBouncer(process, dir, port, database);
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.exists(dir.resolve("stdout.log")) ? Files.readString(dir.resolve("stdout.log")) : "";
                bouncer.close();
                throw new IllegalStateException("pgbouncer did not start on port " + port + ": " + log);
            }
            Thread.sleep(20);
        }
        return bouncer;
    }

    /** A data source through the pooler, as user {@code postgres}; no server-side prepared statements. */
    PGSimpleDataSource dataSource() {
        return dataSource("postgres");
    }

    /** A data source through the pooler, as {@code user} (one of {@link #USERS}). */
    PGSimpleDataSource dataSource(String user) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(user);
        // PgBouncer before 1.21 cannot keep server-side prepared statements across server connections
        ds.setPrepareThreshold(0);
        ds.setApplicationName("through-pgbouncer");
        return ds;
    }

    int port() {
        return port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
