package io.ddlguard.benchmarks;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PostgresLockInspector;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.guard.PostgresGuard;

import javax.sql.DataSource;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time of a guarded, unblocked {@code DROP TABLE} goes: replays what {@code PostgresGuard} does for one
 * statement, step by step on a raw pgjdbc connection, timing each round trip, interleaved with the same DROP run
 * raw and run through the real guarded connection (to check that the steps add up). Then asks the server how
 * much of the two catalog queries is planning and how much execution ({@code EXPLAIN (ANALYZE)} of exactly the
 * statements and parameters the planner and inspector send), and whether pgjdbc's server-prepared statements
 * get a cached generic plan. Not a JMH benchmark: a harness run by hand,
 * {@code java -cp benchmarks/target/benchmarks.jar io.ddlguard.benchmarks.GuardRoundTrips [warm-up] [runs]}.
 */
public final class GuardRoundTrips {

    private static final String[] STEPS = {"parse", "plan query", "holders query", "set lock_timeout", "savepoint",
            "DROP", "release savepoint", "restore lock_timeout", "commit", "sum of steps", "guarded (real wrapper)",
            "raw DROP (+commit)"};

    private GuardRoundTrips() {
    }

    public static void main(String[] args) throws Exception {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        BenchPostgres server = new BenchPostgres();
        server.start();
        try {
            Map<String, Map<String, long[]>> columns = new LinkedHashMap<>();
            for (String schema : List.of("small", "big")) {
                for (boolean autoCommit : List.of(true, false)) {
                    columns.put(schema + (autoCommit ? " autocommit" : " transaction"),
                            steps(server.database(schema), schema.equals("big"), autoCommit, warmUp, runs));
                }
            }
            printSteps(columns, runs);
            explain(server);
        } finally {
            server.stop();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Step timings
    // ---------------------------------------------------------------------------------------------------------

    /** One column: per step, the nanos of each run (three variants interleaved, {@code runs} of each kept). */
    private static Map<String, long[]> steps(DataSource raw, boolean big, boolean autoCommit, int warmUp, int runs)
            throws SQLException {
        String table = big ? "bench.leaf" : "leaf";
        String create = "drop table if exists " + table + "; create table " + table + " (id serial primary key, v int"
                + (big ? ", prev_id int references bench.t150" : "") + "); create index leaf_v_idx on " + table
                + " (v)";
        String drop = "DROP TABLE " + table;
        String setTimeout = constant(PostgresGuard.class, "SET_TIMEOUT");
        String restoreTimeout = constant(PostgresGuard.class, "RESTORE_TIMEOUT");
        PostgresLockPlanner planner = new PostgresLockPlanner();
        PostgresLockInspector inspector = new PostgresLockInspector();

        Map<String, long[]> nanos = new LinkedHashMap<>();
        for (String step : STEPS) {
            nanos.put(step, new long[runs]);
        }
        try (Connection admin = raw.getConnection(); Connection replay = raw.getConnection();
             Connection plain = raw.getConnection();
             Connection guarded = BenchPostgres.guarded(raw).getConnection()) {
            for (Connection c : List.of(replay, plain, guarded)) {
                c.setAutoCommit(autoCommit);
            }
            for (int i = -warmUp; i < runs; i++) {
                // the replayed guard
                BenchPostgres.execute(admin, create);
                long[] t = new long[10];
                t[0] = System.nanoTime();
                DdlElement element = DdlParser.parse(drop, Dialect.POSTGRESQL).get(0);
                t[1] = System.nanoTime();
                LockPlan plan = planner.plan(replay, element);
                t[2] = System.nanoTime();
                List<LockConflict> holders = inspector.holders(replay, plan);
                t[3] = System.nanoTime();
                if (!holders.isEmpty()) {
                    throw new IllegalStateException("unexpected holders: " + holders);
                }
                String previous;
                try (PreparedStatement ps = replay.prepareStatement(setTimeout)) {
                    ps.setString(1, "100ms");
                    ps.setBoolean(2, !autoCommit);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        previous = rs.getString(1);
                    }
                }
                t[4] = System.nanoTime();
                Savepoint savepoint = autoCommit ? null : replay.setSavepoint();
                t[5] = System.nanoTime();
                BenchPostgres.execute(replay, drop);
                t[6] = System.nanoTime();
                if (savepoint != null) {
                    replay.releaseSavepoint(savepoint);
                }
                t[7] = System.nanoTime();
                try (PreparedStatement ps = replay.prepareStatement(restoreTimeout)) {
                    ps.setString(1, previous);
                    ps.setBoolean(2, !autoCommit);
                    ps.executeQuery().close();
                }
                t[8] = System.nanoTime();
                if (!autoCommit) {
                    replay.commit();
                }
                t[9] = System.nanoTime();

                // the real guarded connection
                BenchPostgres.execute(admin, create);
                long g0 = System.nanoTime();
                BenchPostgres.execute(guarded, drop);
                if (!autoCommit) {
                    guarded.commit();
                }
                long g1 = System.nanoTime();

                // raw
                BenchPostgres.execute(admin, create);
                long r0 = System.nanoTime();
                BenchPostgres.execute(plain, drop);
                if (!autoCommit) {
                    plain.commit();
                }
                long r1 = System.nanoTime();

                if (i >= 0) {
                    for (int s = 0; s < 9; s++) {
                        nanos.get(STEPS[s])[i] = t[s + 1] - t[s];
                    }
                    nanos.get("sum of steps")[i] = t[9] - t[0];
                    nanos.get("guarded (real wrapper)")[i] = g1 - g0;
                    nanos.get("raw DROP (+commit)")[i] = r1 - r0;
                }
            }
            if (!autoCommit) {
                replay.commit();
            }
            preparedStatements(replay, big, autoCommit);
        }
        return nanos;
    }

    /** Whether the server planned the guard's statements once (generic) or on every execution (custom). */
    private static void preparedStatements(Connection c, boolean big, boolean autoCommit) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select generic_plans, custom_plans, regexp_replace(left(statement, 60), '\\s+', ' ', 'g') "
                        + "from pg_catalog.pg_prepared_statements order by custom_plans + generic_plans desc")) {
            while (rs.next()) {
                System.out.printf(Locale.ROOT, "[prepared %s %s] generic %d, custom %d: %s%n", big ? "big" : "small",
                        autoCommit ? "autocommit" : "transaction", rs.getLong(1), rs.getLong(2), rs.getString(3));
            }
        }
    }

    private static void printSteps(Map<String, Map<String, long[]>> columns, int runs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nPer step, median / p90 in microseconds (%d runs each)%n", runs));
        out.append(String.format(Locale.ROOT, "%-24s", "step"));
        for (String column : columns.keySet()) {
            out.append(String.format(Locale.ROOT, " | %-21s", column));
        }
        out.append('\n');
        for (String step : STEPS) {
            out.append(String.format(Locale.ROOT, "%-24s", step));
            for (Map<String, long[]> column : columns.values()) {
                long[] values = column.get(step);
                boolean unused = Arrays.stream(values).allMatch(v -> v < 1_000) && (step.contains("savepoint")
                        || step.equals("commit"));
                out.append(unused ? String.format(Locale.ROOT, " | %-21s", "-") : String.format(Locale.ROOT,
                        " | %9.0f / %9.0f", percentile(values, 50) / 1e3, percentile(values, 90) / 1e3));
            }
            out.append('\n');
        }
        System.out.print(out);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Server-side: planning vs execution of the two catalog queries
    // ---------------------------------------------------------------------------------------------------------

    private static final Pattern PLANNING = Pattern.compile("\"Planning Time\": ([0-9.]+)");
    private static final Pattern EXECUTION = Pattern.compile("\"Execution Time\": ([0-9.]+)");
    private static final Pattern JIT = Pattern.compile("\"Total\": ([0-9.]+)");

    private static void explain(BenchPostgres server) throws SQLException {
        System.out.printf(Locale.ROOT, "%nServer side, EXPLAIN (ANALYZE) of the planner's and the inspector's "
                + "statements, median of 20 (ms)%n%-40s | %-13s | %8s | %9s | %5s%n", "statement", "query", "planning",
                "execution", "JIT");
        try (Connection small = server.small().getConnection(); Connection big = server.big().getConnection();
             Connection reader = server.big().getConnection()) {
            reader.setAutoCommit(false);
            BenchPostgres.execute(reader, "select * from bench.t150");
            BenchPostgres.execute(small, "create table leaf (id serial primary key, v int); "
                    + "create index leaf_v_idx on leaf (v)");
            BenchPostgres.execute(big, "create table bench.leaf (id serial primary key, v int, "
                    + "prev_id int references bench.t150); create index leaf_v_idx on bench.leaf (v)");
            try (Statement s = small.createStatement(); ResultSet rs = s.executeQuery(
                    "select pg_catalog.pg_jit_available(), pg_catalog.current_setting('jit')")) {
                rs.next();
                System.out.printf(Locale.ROOT, "(jit available: %s, jit = %s)%n", rs.getBoolean(1), rs.getString(2));
            }
            planCacheModes(server.big());
            explain(small, "DROP TABLE leaf", "small");
            explain(big, "DROP TABLE bench.leaf", "big");
            explain(big, "DROP TABLE bench.t150", "big, reader");
            explain(big, "DROP TABLE bench.t150 CASCADE", "big, reader");
            explain(big, "DROP SCHEMA bench CASCADE", "big, reader");
            reader.rollback();
        }
    }

    /**
     * The planner's query as the guard sends it (a new prepared statement each time, server-prepared by pgjdbc
     * from the fifth use), client-observed, under the server's default {@code plan_cache_mode} and with a generic
     * plan forced: what re-planning every execution costs.
     */
    private static void planCacheModes(DataSource big) throws SQLException {
        System.out.printf(Locale.ROOT, "%nPlan query, client-observed median / p90 (ms), by plan_cache_mode%n"
                + "%-40s | %-17s | %-17s%n", "statement", "auto", "force_generic_plan");
        PostgresLockPlanner planner = new PostgresLockPlanner();
        for (String sql : List.of("DROP TABLE bench.leaf", "DROP TABLE bench.t150", "DROP SCHEMA bench CASCADE")) {
            DdlElement element = DdlParser.parse(sql, Dialect.POSTGRESQL).get(0);
            int runs = sql.contains("SCHEMA") ? 30 : 300;
            String[] cells = new String[2];
            int i = 0;
            for (String mode : List.of("auto", "force_generic_plan")) {
                try (Connection c = big.getConnection()) {
                    BenchPostgres.execute(c, "set plan_cache_mode = " + mode);
                    long[] nanos = new long[runs];
                    for (int r = -10; r < runs; r++) {
                        long start = System.nanoTime();
                        planner.plan(c, element);
                        if (r >= 0) {
                            nanos[r] = System.nanoTime() - start;
                        }
                    }
                    cells[i++] = String.format(Locale.ROOT, "%7.2f / %7.2f", percentile(nanos, 50) / 1e6,
                            percentile(nanos, 90) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "%-40s | %-17s | %-17s%n", sql, cells[0], cells[1]);
        }
        System.out.println();
    }

    private static void explain(Connection connection, String sql, String where) throws SQLException {
        DdlElement element = DdlParser.parse(sql, Dialect.POSTGRESQL).get(0);
        PostgresLockPlanner planner = new PostgresLockPlanner();
        PostgresLockInspector inspector = new PostgresLockInspector();
        List<String> plans = new ArrayList<>();
        List<String> holders = new ArrayList<>();
        LockPlan plan = planner.plan(connection, element);
        for (int i = 0; i < 20; i++) {
            planner.plan(explaining(connection, plans::add), element);
            inspector.holders(explaining(connection, holders::add), plan);
        }
        String label = sql + " (" + where + ")";
        print(label, "plan", plans);
        print(label, "holders", holders);
    }

    private static void print(String label, String query, List<String> explains) {
        System.out.printf(Locale.ROOT, "%-40s | %-13s | %8.2f | %9.2f | %5.1f%n", label, query,
                median(explains, PLANNING), median(explains, EXECUTION), median(explains, JIT));
    }

    private static double median(List<String> explains, Pattern pattern) {
        double[] values = new double[explains.size()];
        for (int i = 0; i < values.length; i++) {
            Matcher m = pattern.matcher(explains.get(i));
            values[i] = m.find() ? Double.parseDouble(m.group(1)) : 0;
        }
        Arrays.sort(values);
        return values[values.length / 2];
    }

    /**
     * {@code connection}, except that every prepared query first runs as {@code EXPLAIN (ANALYZE, FORMAT JSON)}
     * with the same parameters, the plan going to {@code sink}, and then runs as itself.
     */
    private static Connection explaining(Connection connection, Consumer<String> sink) {
        return (Connection) Proxy.newProxyInstance(GuardRoundTrips.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("prepareStatement") && args.length == 1) {
                        return explainingStatement(connection, (String) args[0], (PreparedStatement) result, sink);
                    }
                    return result;
                });
    }

    private static PreparedStatement explainingStatement(Connection connection, String sql, PreparedStatement real,
                                                         Consumer<String> sink) {
        List<Object[]> binds = new ArrayList<>();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length == 2 && args[0] instanceof Integer) {
                binds.add(new Object[] {method, args});
            } else if (method.getName().equals("executeQuery") && (args == null || args.length == 0)) {
                try (PreparedStatement ps = connection.prepareStatement("explain (analyze, format json) " + sql)) {
                    for (Object[] bind : binds) {
                        invoke(ps, (Method) bind[0], (Object[]) bind[1]);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sink.accept(rs.getString(1));
                    }
                }
            }
            return invoke(real, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(GuardRoundTrips.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A private SQL constant of ddlguard, read so that the replay sends exactly the guard's text. */
    private static String constant(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(owner.getSimpleName() + "." + name + " is gone: update the harness", e);
        }
    }

    private static long percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
