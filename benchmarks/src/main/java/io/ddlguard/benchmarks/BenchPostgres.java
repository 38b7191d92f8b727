package io.ddlguard.benchmarks;

import io.ddlguard.DdlGuard;
import io.ddlguard.DropPolicy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * One embedded PostgreSQL server per trial, with the two databases created when first asked for, and the helpers the
 * benchmarks on it share. A JMH state: one per trial.
 */
@State(Scope.Benchmark)
public class BenchPostgres {
    EmbeddedPostgres postgres;
    private DataSource small;
    private DataSource big;

    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version(), current_setting('fsync'), "
                     + "current_setting('synchronous_commit')")) {
            rs.next();
            System.out.printf(Locale.ROOT, "%n[server] %s; fsync %s, synchronous_commit %s%n", rs.getString(1),
                    rs.getString(2), rs.getString(3));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        postgres.close();
    }

    /** A database with nothing in it. */
    DataSource small() throws SQLException {
        if (small == null) {
            small = newDatabase("small");
        }
        return small;
    }

    /** A database with the 300-table schema {@code bench}, analyzed. */
    DataSource big() throws SQLException {
        if (big == null) {
            DataSource ds = newDatabase("big");
            StringBuilder ddl = new StringBuilder("create schema bench;\n");
            for (int i = 1; i <= GuardBenchmark.TABLES; i++) {
                ddl.append(String.format(Locale.ROOT, "create table bench.t%d (id serial primary key, v int%s);%n",
                        i, i == 1 ? "" : ", prev_id int references bench.t" + (i - 1)));
                ddl.append(String.format(Locale.ROOT, "create index t%d_v_idx on bench.t%d (v);%n", i, i));
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute(ddl.toString());
                s.execute("analyze");
                try (ResultSet rs = s.executeQuery("select count(*) from pg_catalog.pg_class c "
                        + "join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'bench'")) {
                    rs.next();
                    System.out.printf(Locale.ROOT, "[server] schema bench: %d relations%n", rs.getInt(1));
                }
            }
            big = ds;
        }
        return big;
    }

    DataSource database(String schema) throws SQLException {
        return switch (schema) {
            case "small" -> small();
            case "big" -> big();
            default -> throw new IllegalArgumentException(schema);
        };
    }

    private DataSource newDatabase(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return postgres.getDatabase("postgres", name);
    }

    static DataSource guarded(DataSource raw) {
        return DdlGuard.builder().dropPolicy(DropPolicy.FAIL).build().wrap(raw);
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void closeQuietly(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the server may already be gone
                }
            }
        }
    }
}
