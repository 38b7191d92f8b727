package io.ddlguard.it;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PostgresLockInspector;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rough timings of planning and holder inspection on a 300-table schema (about 1,200 relations: each table has
 * a primary key index, a secondary index, a serial sequence and a foreign key to the previous table).
 *
 * <p>These numbers are printed for the record, from one JVM on a shared test machine; the bound asserted is
 * deliberately generous (a regression guard, not a benchmark). The real measurement belongs in a JMH benchmark
 * in the {@code benchmarks} module.
 */
class PostgresLockTimingIT {

    private static final int TABLES = 300;
    private static final int WARM_UP = 10;
    private static final int RUNS = 50;

    private static DataSource dataSource;

    @BeforeAll
    static void createSchema() throws SQLException {
        dataSource = PostgresServer.newDatabase("lock_timing_it");
        StringBuilder ddl = new StringBuilder("create schema bench;\n");
        for (int i = 1; i <= TABLES; i++) {
            ddl.append(String.format(Locale.ROOT, "create table bench.t%d (id serial primary key, v int%s);%n", i,
                    i == 1 ? "" : ", prev_id int references bench.t" + (i - 1)));
            ddl.append(String.format(Locale.ROOT, "create index t%d_v_idx on bench.t%d (v);%n", i, i));
        }
        try (Connection c = dataSource.getConnection()) {
            execute(c, ddl.toString());
            execute(c, "analyze");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DROP TABLE bench.t150", "DROP TABLE bench.t150 CASCADE", "DROP SCHEMA bench CASCADE",
            "CREATE INDEX CONCURRENTLY t150_id_v_idx ON bench.t150 (id, v)"})
    void planAndInspectionStayWellUnderASecond(String sql) throws SQLException {
        DdlElement element = DdlParser.parse(sql, Dialect.POSTGRESQL).get(0);
        PostgresLockPlanner planner = new PostgresLockPlanner();
        PostgresLockInspector inspector = new PostgresLockInspector();
        try (Sessions sessions = new Sessions(dataSource)) {
            Connection reader = sessions.inTransaction("reader");
            readAll(reader, "select * from bench.t150");
            Connection ddl = sessions.autocommit("ddl");

            long[] planNanos = new long[RUNS];
            long[] inspectNanos = new long[RUNS];
            LockPlan plan = null;
            List<LockConflict> holders = null;
            for (int i = -WARM_UP; i < RUNS; i++) {
                long start = System.nanoTime();
                plan = planner.plan(ddl, element);
                long planned = System.nanoTime();
                holders = inspector.holders(ddl, plan);
                long inspected = System.nanoTime();
                if (i >= 0) {
                    planNanos[i] = planned - start;
                    inspectNanos[i] = inspected - planned;
                }
            }
            long[] totalNanos = new long[RUNS];
            Arrays.setAll(totalNanos, i -> planNanos[i] + inspectNanos[i]);
            System.out.printf(Locale.ROOT, "%s: %d planned locks, %d holder rows; plan %s, inspect %s, total %s%n",
                    sql, plan.locks().size(), holders.size(), stats(planNanos), stats(inspectNanos),
                    stats(totalNanos));

            assertThat(holders).isNotEmpty();
            assertThat(percentile(totalNanos, 50) / 1_000_000.0).isLessThan(1000.0);
        }
    }

    private static String stats(long[] nanos) {
        return String.format(Locale.ROOT, "median %.1f ms p95 %.1f ms", percentile(nanos, 50) / 1e6,
                percentile(nanos, 95) / 1e6);
    }

    private static long percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
