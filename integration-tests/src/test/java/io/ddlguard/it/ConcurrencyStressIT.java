package io.ddlguard.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.ddlguard.DdlGuard;
import io.ddlguard.DropPolicy;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.Registration;
import io.ddlguard.event.Target;
import io.ddlguard.internal.dispatch.EventDispatcher;
import io.ddlguard.internal.jdbc.DdlDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.ddlguard.it.Sessions.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight threads run a mix of DDL and DML through one HikariCP pool wrapped by one guard, each on tables of its own
 * (so nothing blocks by design) plus reads and writes of a shared table, while another thread keeps registering and
 * removing listeners. Then: two listeners registered for the whole run heard every DDL statement exactly once, in
 * statement order per thread and in registration order; the churning listeners heard no statement twice, nothing
 * that did not run, and a before no later than its after; the catalog holds exactly the tables, columns, indexes and
 * rows the threads' statements left; the pool is back to its idle connections and the guard tracks none; the run
 * ended within a generous bound (otherwise the failure carries a thread dump).
 *
 * <p>CI runs {@value #DEFAULT_OPS} operations per thread per database. The long run is
 * {@code -Dddlguard.stress.ops=10000} (per thread), e.g.
 * {@code mvn -B -pl integration-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ConcurrencyStressIT -Dddlguard.stress.ops=10000}; its figures are logged at INFO.
 */
class ConcurrencyStressIT {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyStressIT.class);
    private static final int THREADS = 8;
    private static final int DEFAULT_OPS = 500;
    private static final int OPS = Integer.getInteger("ddlguard.stress.ops", DEFAULT_OPS);
    /** No deadlock: the run must end within this, generous even for a loaded 2-core machine. */
    private static final Duration BOUND = Duration.ofSeconds(180 + OPS / 10);
    private static final List<DdlEvent> EVENTS = List.of(DdlEvent.values());
    private static final DdlEvent[] BEFORE = {DdlEvent.BEFORE_CREATE, DdlEvent.BEFORE_DROP, DdlEvent.BEFORE_ALTER};
    private static final DdlEvent[] AFTER = {DdlEvent.AFTER_CREATE, DdlEvent.AFTER_DROP, DdlEvent.AFTER_ALTER};

    @ParameterizedTest
    @EnumSource(value = PooledDatabase.class, names = {"POSTGRESQL", "MARIADB"})
    void eightThreadsOfMixedStatementsFireEveryListenerOnceInOrderAndLeakNothing(PooledDatabase db)
            throws Exception {
        HikariConfig config = db.config("stress_it");
        config.setPoolName("stress-" + db.name().toLowerCase(Locale.ROOT));
        config.setMaximumPoolSize(THREADS);
        config.setMinimumIdle(THREADS);
        config.setConnectionTimeout(30_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            awaitIdle(mx, THREADS);
            try (Connection c = pool.getConnection()) {
                execute(c, "CREATE TABLE shared_t (id INT, worker INT)");
            }
            DdlEvents events = new DdlEvents();
            Map<String, List<String>> heard = new ConcurrentHashMap<>();
            for (String name : List.of("A", "B")) {
                for (DdlEvent event : EVENTS) {
                    events.listen(Target.any(), event, ctx -> heard.computeIfAbsent(Thread.currentThread().getName(),
                            k -> new ArrayList<>()).add(name + " " + ctx.event() + " " + ctx.element().sql()));
                }
            }
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            // WAIT: on MariaDB (performance_schema off) a background thread may hold a new table's metadata lock for
            // a moment; the guard then attempts again instead of refusing.
            DataSource guarded = DdlGuard.builder().events(events).dropPolicy(DropPolicy.WAIT)
                    .lockWait(Duration.ofSeconds(30)).meterRegistry(meters).build().wrap(pool);

            Churn churn = new Churn(events);
            List<Worker> workers = new ArrayList<>();
            for (int k = 0; k < THREADS; k++) {
                workers.add(new Worker(k, guarded, db));
            }
            ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1, r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            });
            long start = System.nanoTime();
            CountDownLatch go = new CountDownLatch(1);
            Future<?> churning = executor.submit(() -> churn.run(go));
            List<Future<?>> running = new ArrayList<>();
            for (Worker w : workers) {
                running.add(executor.submit(() -> {
                    Thread.currentThread().setName("stress-" + w.id);
                    go.await();
                    w.run();
                    return null;
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + BOUND.toNanos();
            for (Future<?> f : running) {
                awaitOrDump(f, deadline);
            }
            churn.stop.set(true);
            awaitOrDump(churning, deadline);
            executor.shutdown();
            long millis = (System.nanoTime() - start) / 1_000_000;

            // Every DDL statement fired each fixed listener once, in statement order per thread, A before B.
            long ddl = 0;
            for (Worker w : workers) {
                assertThat(heard.getOrDefault("stress-" + w.id, List.of())).as("events on thread stress-%d", w.id)
                        .containsExactlyElementsOf(w.expected);
                ddl += w.ddl.size();
            }
            // The churning listeners: no duplicates, nothing that did not run, before no later than after.
            Map<String, DdlEvent[]> ran = new HashMap<>();
            for (Worker w : workers) {
                ran.putAll(w.ddl);
            }
            Set<String> seen = new HashSet<>();
            Map<String, Integer> position = new HashMap<>();
            int index = 0;
            for (String[] e : churn.heard) {
                String key = e[0] + " " + e[1] + " " + e[2];
                assertThat(seen.add(key)).as("heard twice: %s", key).isTrue();
                assertThat(ran).as("a churning listener heard a statement no thread ran").containsKey(e[2]);
                assertThat(ran.get(e[2])).as("the event of %s", e[2]).contains(DdlEvent.valueOf(e[1]));
                position.put(key, index++);
            }
            for (String[] e : churn.heard) {
                DdlEvent event = DdlEvent.valueOf(e[1]);
                if (event.name().startsWith("AFTER_")) {
                    Integer before = position.get(e[0] + " " + ran.get(e[2])[0] + " " + e[2]);
                    if (before != null) {
                        assertThat(before).isLessThan(position.get(e[0] + " " + e[1] + " " + e[2]));
                    }
                }
            }
            assertThat(churn.registrations.get()).as("listeners registered and removed while events fired")
                    .isPositive();

            // No lost statement: the catalog holds exactly what the statements left.
            Set<String> expectedTables = new TreeSet<>();
            try (Connection c = pool.getConnection()) {
                for (Worker w : workers) {
                    expectedTables.addAll(w.live.keySet());
                    for (Map.Entry<String, OwnTable> t : w.live.entrySet()) {
                        assertThat(columns(c, db, t.getKey())).as("columns of %s", t.getKey())
                                .isEqualTo(t.getValue().columns);
                        assertThat(db.indexesOf(c, t.getKey())).as("indexes of %s", t.getKey())
                                .containsAll(t.getValue().indexes);
                        assertThat(count(c, "SELECT count(*) FROM " + t.getKey())).as("rows of %s", t.getKey())
                                .isEqualTo(t.getValue().rows);
                    }
                }
                assertThat(tables(c, db)).isEqualTo(expectedTables);
                long sharedRows = workers.stream().mapToLong(w -> w.sharedRows).sum();
                assertThat(count(c, "SELECT count(*) FROM shared_t")).isEqualTo(sharedRows);
            }

            // No leaks: every connection back in the pool, none left in the guard's records.
            assertThat(mx.getActiveConnections()).isZero();
            assertThat(mx.getIdleConnections()).isEqualTo(THREADS);
            assertThat(((EventDispatcher) ((DdlDataSource) guarded).router()).registry().open()).isZero();
            double succeeded = meters.get("ddlguard.statements").tag("outcome", "success").timers().stream()
                    .mapToLong(t -> t.count()).sum();
            assertThat((long) succeeded).isEqualTo(ddl);

            long ops = (long) THREADS * OPS;
            long dml = workers.stream().mapToLong(w -> w.dml).sum();
            double retried = meters.find("ddlguard.blocked").counters().stream().mapToDouble(c -> c.count()).sum();
            LOG.info("{}: {} threads x {} operations = {} ({} DDL, {} DML) in {} ms; fixed listeners heard {} events,"
                            + " {} churning listeners heard {}; statements that met holders: {}; failures: 0",
                    db, THREADS, OPS, ops, ddl, dml, millis, heard.values().stream().mapToInt(List::size).sum(),
                    churn.registrations.get(), churn.heard.size(), (long) retried);
            try (Connection c = pool.getConnection()) {
                for (String t : expectedTables) {
                    execute(c, "DROP TABLE " + t);
                }
                execute(c, "DROP TABLE shared_t");
            }
        }
    }

    /** A table of one worker, as its statements left it. */
    private static final class OwnTable {
        final Set<String> columns = new TreeSet<>(List.of("id", "v"));
        final Set<String> indexes = new LinkedHashSet<>();
        long rows;
    }

    /** One thread's operations, on its own tables and the shared one, each on a connection borrowed for it. */
    private static final class Worker {
        final int id;
        final DataSource ds;
        final PooledDatabase db;
        final Random random;
        /** What the fixed listeners must hear on this thread, in order. */
        final List<String> expected = new ArrayList<>();
        /** Each DDL statement run, with its before and after event. */
        final Map<String, DdlEvent[]> ddl = new LinkedHashMap<>();
        final Map<String, OwnTable> live = new LinkedHashMap<>();
        long dml;
        long sharedRows;
        int nextTable;

        Worker(int id, DataSource ds, PooledDatabase db) {
            this.id = id;
            this.ds = ds;
            this.db = db;
            this.random = new Random(id);
        }

        void run() throws SQLException {
            for (int n = 0; n < OPS; n++) {
                try (Connection c = ds.getConnection()) {
                    step(c, n);
                }
            }
        }

        private void step(Connection c, int n) throws SQLException {
            double r = random.nextDouble();
            if (live.isEmpty() || live.size() < 3 && r < 0.12) {
                String t = "t_" + id + "_" + nextTable++;
                ddl(c, "CREATE TABLE " + t + " (id INT PRIMARY KEY, v INT)", DdlEvent.BEFORE_CREATE,
                        DdlEvent.AFTER_CREATE);
                live.put(t, new OwnTable());
                return;
            }
            List<String> names = new ArrayList<>(live.keySet());
            String t = names.get(random.nextInt(names.size()));
            OwnTable table = live.get(t);
            r = random.nextDouble();
            if (r < 0.30) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, v) VALUES (?, ?)")) {
                    ps.setInt(1, n);
                    ps.setInt(2, n % 7);
                    ps.executeUpdate();
                }
                table.rows++;
                dml++;
            } else if (r < 0.45) {
                assertThat(count(c, "SELECT count(*) FROM " + t)).isEqualTo(table.rows);
                dml++;
            } else if (r < 0.60) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO shared_t (id, worker) VALUES (" + n + ", " + id + ")");
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM shared_t WHERE worker = " + id)) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(++sharedRows);
                    }
                }
                dml += 2;
            } else if (r < 0.75) {
                String column = "c_" + n;
                ddl(c, "ALTER TABLE " + t + " ADD COLUMN " + column + " INT", DdlEvent.BEFORE_ALTER,
                        DdlEvent.AFTER_ALTER);
                table.columns.add(column);
            } else if (r < 0.88) {
                String index = "ix_" + t.substring(2) + "_" + n;
                ddl(c, "CREATE INDEX " + index + " ON " + t + " (v)", DdlEvent.BEFORE_CREATE, DdlEvent.AFTER_CREATE);
                table.indexes.add(index);
            } else {
                ddl(c, "DROP TABLE " + t, DdlEvent.BEFORE_DROP, DdlEvent.AFTER_DROP);
                live.remove(t);
            }
        }

        private void ddl(Connection c, String sql, DdlEvent before, DdlEvent after) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            ddl.put(sql, new DdlEvent[] {before, after});
            for (DdlEvent e : List.of(before, after)) {
                expected.add("A " + e + " " + sql);
                expected.add("B " + e + " " + sql);
            }
        }
    }

    /** Registers a listener for a random event on any object, lets a little happen, removes it; again. */
    private static final class Churn {
        final DdlEvents events;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger registrations = new AtomicInteger();
        /** (listener number, event, statement), in the order heard. */
        final ConcurrentLinkedQueue<String[]> heard = new ConcurrentLinkedQueue<>();
        private final AtomicLong heardCount = new AtomicLong();

        Churn(DdlEvents events) {
            this.events = events;
        }

        Void run(CountDownLatch go) throws InterruptedException {
            Random random = new Random(42);
            go.await();
            while (!stop.get()) {
                int number = registrations.incrementAndGet();
                List<Registration> mine = new ArrayList<>();
                // A before and an after event, of one action or of two.
                for (DdlEvent event : List.of(BEFORE[random.nextInt(3)], AFTER[random.nextInt(3)])) {
                    mine.add(events.listen(Target.any(), event, ctx -> {
                        heard.add(new String[] {String.valueOf(number), ctx.event().name(), ctx.element().sql()});
                        heardCount.incrementAndGet();
                    }));
                }
                // Stay registered until some event was heard, or about a millisecond: a pace, not a wait for a result.
                long before = heardCount.get();
                for (int i = 0; i < 20 && heardCount.get() == before && !stop.get(); i++) {
                    LockSupport.parkNanos(50_000);
                }
                mine.forEach(Registration::remove);
            }
            return null;
        }
    }

    private static void awaitOrDump(Future<?> future, long deadline) throws Exception {
        try {
            future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder dump = new StringBuilder("the stress run did not end within " + BOUND
                    + " (deadlock or hang?); deadlocked threads: ");
            long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
            dump.append(deadlocked == null ? "none" : java.util.Arrays.toString(deadlocked)).append('\n');
            for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                dump.append(info);
            }
            throw new AssertionError(dump.toString(), e);
        }
    }

    private static void awaitIdle(HikariPoolMXBean mx, int idle) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (mx.getIdleConnections() < idle && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(mx.getIdleConnections()).as("the pool filled up").isEqualTo(idle);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String schema(PooledDatabase db) {
        return db == PooledDatabase.POSTGRESQL ? "current_schema()" : "database()";
    }

    private static Set<String> tables(Connection c, PooledDatabase db) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = " + schema(db)
                        + " AND table_name LIKE 't\\_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static Set<String> columns(Connection c, PooledDatabase db, String table) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = " + schema(db) + " AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
