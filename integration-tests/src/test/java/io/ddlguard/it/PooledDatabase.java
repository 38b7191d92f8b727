package io.ddlguard.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The four embedded databases the event suites run on, each behind a HikariCP pool as an application would wire
 * it, plus the few catalog questions the suites ask of each (in that engine's own catalog, not through ddlguard).
 */
enum PooledDatabase {

    POSTGRESQL(org.postgresql.jdbc.PgConnection.class) {
        @Override
        HikariConfig config(String name) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(PostgresServer.newDatabase(name));
            return config;
        }

        @Override
        boolean constraintExists(Connection c, String table, String constraint) throws SQLException {
            return exists(c, "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND conname = ?",
                    table, constraint);
        }

        @Override
        boolean tableExists(Connection c, String table) throws SQLException {
            return exists(c, "SELECT 1 FROM pg_class WHERE oid = to_regclass(?) AND relkind = 'r'", table);
        }

        @Override
        Set<String> indexesOf(Connection c, String table) throws SQLException {
            return names(c, "SELECT indexname FROM pg_indexes WHERE tablename = ?", table);
        }

        @Override
        OptionalLong sessionId(Connection c) throws SQLException {
            return OptionalLong.of(single(c, "SELECT pg_backend_pid()"));
        }
    },

    MARIADB(org.mariadb.jdbc.Connection.class) {
        @Override
        HikariConfig config(String name) {
            MariaDbServer.newDatabase(name);
            HikariConfig config = new HikariConfig();
            // allowMultiQueries: MariaDB Connector/J refuses "a; b" in one execute unless told to accept it.
            config.setJdbcUrl(MariaDbServer.shared().jdbcUrl(name) + "&allowMultiQueries=true");
            return config;
        }

        @Override
        boolean constraintExists(Connection c, String table, String constraint) throws SQLException {
            return exists(c, "SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?", table, constraint);
        }

        @Override
        boolean tableExists(Connection c, String table) throws SQLException {
            return exists(c, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = ?", table);
        }

        @Override
        Set<String> indexesOf(Connection c, String table) throws SQLException {
            return names(c, "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = ?", table);
        }

        @Override
        OptionalLong sessionId(Connection c) throws SQLException {
            return OptionalLong.of(single(c, "SELECT CONNECTION_ID()"));
        }
    },

    H2(org.h2.jdbc.JdbcConnection.class) {
        @Override
        HikariConfig config(String name) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(H2Database.newDatabase(name));
            return config;
        }

        // H2 folds unquoted names to upper case, so the catalog holds them that way.
        @Override
        boolean constraintExists(Connection c, String table, String constraint) throws SQLException {
            return exists(c, "SELECT 1 FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_NAME = ?"
                    + " AND CONSTRAINT_NAME = ?", upper(table), upper(constraint));
        }

        @Override
        boolean tableExists(Connection c, String table) throws SQLException {
            return exists(c, "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?", upper(table));
        }

        @Override
        Set<String> indexesOf(Connection c, String table) throws SQLException {
            return names(c, "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = ?", upper(table));
        }

        @Override
        OptionalLong sessionId(Connection c) throws SQLException {
            return OptionalLong.of(single(c, "SELECT SESSION_ID()"));
        }
    },

    SQLITE(org.sqlite.SQLiteConnection.class) {
        @Override
        HikariConfig config(String name) {
            HikariConfig config = new HikariConfig();
            config.setDataSource(SqliteDatabase.newDatabase(name));
            return config;
        }

        // SQLite keeps no constraint catalog: a named constraint lives only in the table's CREATE text.
        @Override
        boolean constraintExists(Connection c, String table, String constraint) throws SQLException {
            return exists(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE"
                    + " AND instr(lower(sql), lower(?)) > 0", table, constraint);
        }

        @Override
        boolean tableExists(Connection c, String table) throws SQLException {
            return exists(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE", table);
        }

        @Override
        Set<String> indexesOf(Connection c, String table) throws SQLException {
            return names(c, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? COLLATE NOCASE",
                    table);
        }

        @Override
        OptionalLong sessionId(Connection c) {
            return OptionalLong.empty();
        }
    };

    private final Class<? extends Connection> driverConnection;

    PooledDatabase(Class<?> driverConnection) {
        this.driverConnection = driverConnection.asSubclass(Connection.class);
    }

    /** The pool configuration for a fresh database called {@code name} (created here). */
    abstract HikariConfig config(String name);

    /** Whether {@code table} has a constraint named {@code constraint} (names as written, unquoted). */
    abstract boolean constraintExists(Connection c, String table, String constraint) throws SQLException;

    /** Whether {@code table} exists (name as written, unquoted). */
    abstract boolean tableExists(Connection c, String table) throws SQLException;

    /** The names of the indexes on {@code table}, lower-cased. */
    abstract Set<String> indexesOf(Connection c, String table) throws SQLException;

    /** The server's id for the session of {@code c}, where the engine has one. */
    abstract OptionalLong sessionId(Connection c) throws SQLException;

    /** The driver's own connection type, which {@code unwrap} must reach through the pool and the guard. */
    Class<? extends Connection> driverConnection() {
        return driverConnection;
    }

    /** A new small pool on a fresh database; the caller closes it. */
    HikariDataSource open(String name, int maximumPoolSize) {
        HikariConfig config = config(name);
        config.setPoolName("events-" + name().toLowerCase(Locale.ROOT) + "-" + name);
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** A pool on the same database as {@code pool}, with another size; the caller closes it. */
    HikariDataSource sibling(HikariDataSource pool, String suffix, int maximumPoolSize) {
        HikariConfig config = new HikariConfig();
        pool.copyStateTo(config);
        config.setPoolName(pool.getPoolName() + "-" + suffix);
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static long single(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row from " + sql);
                }
                return rs.getLong(1);
            }
        }
    }

    private static Set<String> names(Connection c, String sql, String arg) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
