package io.ddlguard.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.DdlParser;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PostgresLockInspector;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
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
import org.openjdk.jmh.annotations.Warmup;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the PostgreSQL DROP guard costs, on embedded PostgreSQL started once per trial (so once per fork):
 *
 * <ul>
 *   <li>{@link #dropUnblocked}: an unblocked {@code DROP TABLE} through a raw pgjdbc connection and through a
 *       guarded one ({@link DropPolicy#FAIL}), with autocommit on and inside a transaction (committed after the
 *       DROP, the commit measured too); the table is created before each invocation by another connection, not
 *       measured. Schema {@code small}: the table alone in its database; {@code big}: 300 tables
 *       {@code bench.t1..t300} (serial key, index, foreign key to the previous table; about 1,200 relations) and a
 *       fresh leaf table {@code bench.leaf} referencing {@code bench.t150}, so the DROP locks a table in the
 *       middle of the chain and the schema stays intact.</li>
 *   <li>{@link #formUnblocked}: an unblocked statement of a form the element model does not carry, raw and
 *       guarded, in autocommit: {@code COMMENT ON TABLE} (planned by {@code PostgresLockForms}: plan, holder
 *       query and one bounded attempt) and {@code ALTER TABLE ... SET LOGGED} on a logged table (no plan: the
 *       bounded attempt alone).</li>
 *   <li>{@link #failReport}: another session holds {@code AccessShareLock} on the table in an open transaction
 *       (set up once per trial); the time from {@code execute("DROP TABLE ...")} to {@link DropBlockedException}
 *       caught.</li>
 *   <li>{@link #planAndHolders}, {@link #planOnly}, {@link #holdersOnly}: the dialect-rules planner and inspector
 *       called directly on the 300-table schema, with a reader holding {@code bench.t150}.</li>
 *   <li>{@link #selectOne} and {@link #poolBorrow}: what a non-DDL statement and a pool borrow pay for the
 *       wrapper.</li>
 * </ul>
 *
 * <p>Times are sampled per invocation ({@link Mode#SampleTime}) so that medians and percentiles are reported;
 * the pool borrow, which takes around a microsecond, is reported as an average instead.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GuardBenchmark {

    static final int TABLES = 300;

    // ---------------------------------------------------------------------------------------------------------
    // 1. Unblocked DROP: raw vs guarded, autocommit vs transaction, small vs big schema
    // ---------------------------------------------------------------------------------------------------------

    @State(Scope.Benchmark)
    public static class Drop {
        @Param({"small", "big"})
        public String schema;
        @Param({"raw", "guarded"})
        public String via;
        @Param({"autocommit", "transaction"})
        public String tx;

        Connection admin;
        Connection connection;
        boolean autoCommit;
        String create;
        String drop;

        @Setup(Level.Trial)
        public void open(BenchPostgres server) throws SQLException {
            DataSource raw = server.database(schema);
            boolean big = schema.equals("big");
            String table = big ? "bench.leaf" : "leaf";
            create = "drop table if exists " + table + "; create table " + table
                    + " (id serial primary key, v int" + (big ? ", prev_id int references bench.t150" : "") + "); "
                    + "create index leaf_v_idx on " + table + " (v)";
            drop = "DROP TABLE " + table;
            admin = raw.getConnection();
            connection = via.equals("raw") ? raw.getConnection() : BenchPostgres.guarded(raw).getConnection();
            autoCommit = tx.equals("autocommit");
            connection.setAutoCommit(autoCommit);
        }

        @Setup(Level.Invocation)
        public void createTable() throws SQLException {
            BenchPostgres.execute(admin, create);
        }

        @TearDown(Level.Trial)
        public void close() {
            BenchPostgres.closeQuietly(connection, admin);
        }
    }

    /** One unblocked {@code DROP TABLE}, and its commit when autocommit is off. */
    @Benchmark
    public Connection dropUnblocked(Drop d) throws SQLException {
        BenchPostgres.execute(d.connection, d.drop);
        if (!d.autoCommit) {
            d.connection.commit();
        }
        return d.connection;
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1b. Unblocked DDL of the forms the element model does not carry: planned by PostgresLockForms, or not
    //     planned at all (bounded attempts only). Each statement leaves the table as it was, so no setup is timed.
    // ---------------------------------------------------------------------------------------------------------

    @State(Scope.Benchmark)
    public static class Form {
        @Param({"small", "big"})
        public String schema;
        @Param({"raw", "guarded"})
        public String via;
        /** {@code planned}: a form PostgresLockForms plans and pre-checks; {@code unplanned}: bounded attempts only. */
        @Param({"planned", "unplanned"})
        public String form;

        Connection connection;
        String sql;

        @Setup(Level.Trial)
        public void open(BenchPostgres server) throws SQLException {
            DataSource raw = server.database(schema);
            String table = schema.equals("big") ? "bench.t150" : "form_t";
            if (!schema.equals("big")) {
                try (Connection c = raw.getConnection()) {
                    BenchPostgres.execute(c, "create table if not exists form_t (id serial primary key, v int)");
                }
            }
            // COMMENT ON takes ShareUpdateExclusiveLock on the table; SET LOGGED on a logged table is a no-op that
            // takes AccessExclusiveLock, and no plan knows it
            sql = form.equals("planned") ? "COMMENT ON TABLE " + table + " IS 'benchmark'"
                    : "ALTER TABLE " + table + " SET LOGGED";
            connection = via.equals("raw") ? raw.getConnection() : BenchPostgres.guarded(raw).getConnection();
        }

        @TearDown(Level.Trial)
        public void close() {
            BenchPostgres.closeQuietly(connection);
        }
    }

    /** One unblocked statement of a form beyond the element model, in autocommit. */
    @Benchmark
    public Connection formUnblocked(Form f) throws SQLException {
        BenchPostgres.execute(f.connection, f.sql);
        return f.connection;
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. FAIL report: the DROP is refused because another session reads the table
    // ---------------------------------------------------------------------------------------------------------

    @State(Scope.Benchmark)
    public static class Blocked {
        @Param({"small", "big"})
        public String schema;

        Connection holder;
        Connection guarded;
        String drop;

        @Setup(Level.Trial)
        public void open(BenchPostgres server) throws SQLException {
            DataSource raw = server.database(schema);
            String table;
            if (schema.equals("big")) {
                table = "bench.t150";
            } else {
                table = "t";
                try (Connection c = raw.getConnection()) {
                    BenchPostgres.execute(c,
                            "create table t (id serial primary key, v int); create index t_v_idx on t (v)");
                }
            }
            drop = "DROP TABLE " + table;
            holder = raw.getConnection();
            holder.setAutoCommit(false);
            BenchPostgres.execute(holder, "select * from " + table);
            guarded = BenchPostgres.guarded(raw).getConnection();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            holder.rollback();
            BenchPostgres.closeQuietly(guarded, holder);
        }
    }

    /** From {@code execute("DROP TABLE ...")} to {@link DropBlockedException} caught. */
    @Benchmark
    public DropBlockedException failReport(Blocked b) throws SQLException {
        try (Statement s = b.guarded.createStatement()) {
            s.execute(b.drop);
        } catch (DropBlockedException e) {
            return e;
        }
        throw new IllegalStateException(b.drop + " was not refused");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. Plan and holder queries on the 300-table schema
    // ---------------------------------------------------------------------------------------------------------

    @State(Scope.Benchmark)
    public static class Planning {
        @Param({"DROP TABLE bench.t150", "DROP TABLE bench.t150 CASCADE", "DROP SCHEMA bench CASCADE"})
        public String sql;

        final PostgresLockPlanner planner = new PostgresLockPlanner();
        final PostgresLockInspector inspector = new PostgresLockInspector();
        Connection reader;
        Connection connection;
        DdlElement element;
        LockPlan plan;

        @Setup(Level.Trial)
        public void open(BenchPostgres server) throws SQLException {
            DataSource raw = server.big();
            element = DdlParser.parse(sql, Dialect.POSTGRESQL).get(0);
            reader = raw.getConnection();
            reader.setAutoCommit(false);
            BenchPostgres.execute(reader, "select * from bench.t150");
            connection = raw.getConnection();
            plan = planner.plan(connection, element);
            List<LockConflict> holders = inspector.holders(connection, plan);
            System.out.printf(Locale.ROOT, "[plan] %s: %d planned locks, %d holder rows%n", sql, plan.locks().size(),
                    holders.size());
            if (holders.isEmpty()) {
                throw new IllegalStateException("the reader of bench.t150 was not found");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            reader.rollback();
            BenchPostgres.closeQuietly(connection, reader);
        }
    }

    /** The guard's two queries before a DROP runs: the plan, then the holders of what it locks. */
    @Benchmark
    public List<LockConflict> planAndHolders(Planning p) throws SQLException {
        return p.inspector.holders(p.connection, p.planner.plan(p.connection, p.element));
    }

    @Benchmark
    public LockPlan planOnly(Planning p) throws SQLException {
        return p.planner.plan(p.connection, p.element);
    }

    @Benchmark
    public List<LockConflict> holdersOnly(Planning p) throws SQLException {
        return p.inspector.holders(p.connection, p.plan);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. Pass-through: a non-DDL statement, and a pool borrow
    // ---------------------------------------------------------------------------------------------------------

    @State(Scope.Benchmark)
    public static class Select {
        @Param({"raw", "guarded"})
        public String via;

        Connection connection;

        @Setup(Level.Trial)
        public void open(BenchPostgres server) throws SQLException {
            DataSource raw = server.small();
            connection = via.equals("raw") ? raw.getConnection() : BenchPostgres.guarded(raw).getConnection();
        }

        @TearDown(Level.Trial)
        public void close() {
            BenchPostgres.closeQuietly(connection);
        }
    }

    /** {@code select 1} on a statement created for it, result read. */
    @Benchmark
    public int selectOne(Select s) throws SQLException {
        try (Statement st = s.connection.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @State(Scope.Benchmark)
    public static class Pool {
        @Param({"raw", "guarded-stacks", "guarded-no-stacks"})
        public String via;

        HikariDataSource hikari;
        DataSource dataSource;

        @Setup(Level.Trial)
        public void open(BenchPostgres server) throws SQLException {
            HikariConfig config = new HikariConfig();
            config.setDataSource(server.small());
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(2);
            config.setPoolName("bench");
            hikari = new HikariDataSource(config);
            dataSource = switch (via) {
                case "raw" -> hikari;
                case "guarded-stacks" -> DdlGuard.builder().captureStackTraces(true).build().wrap(hikari);
                case "guarded-no-stacks" -> DdlGuard.builder().captureStackTraces(false).build().wrap(hikari);
                default -> throw new IllegalArgumentException(via);
            };
            // the guard learns the dialect on its first connection
            dataSource.getConnection().close();
        }

        @TearDown(Level.Trial)
        public void close() {
            hikari.close();
        }
    }

    /** {@code getConnection()} and {@code close()} on a HikariCP pool, with an idle connection ready. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Connection poolBorrow(Pool p) throws SQLException {
        try (Connection c = p.dataSource.getConnection()) {
            return c;
        }
    }
}
