package io.ddlguard.cli;

import io.ddlguard.DdlGuard;
import io.ddlguard.DdlVetoException;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.element.Ddl;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.ExecuteIf;
import io.ddlguard.event.Target;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code ddlguard demo}: starts an embedded PostgreSQL and shows, in four steps, the hang a plain
 * {@code DROP TABLE} runs into behind an open transaction, the same code refused in milliseconds through a
 * guarded {@link DataSource}, the {@link DropPolicy#WAIT} policy, and DDL listeners. Ends by itself in about ten
 * seconds.
 */
final class Demo {

    /** How long step 1 lets the unguarded DROP hang before the demo cuts it off. */
    static final Duration HANG = Duration.ofSeconds(3);
    /** When the reader of step 3 commits. */
    static final Duration READER_COMMITS_AFTER = Duration.ofSeconds(1);

    private static final String OBSERVE = """
            select a.wait_event_type, pg_catalog.pg_blocking_pids(a.pid)::text,
                   (select l.mode from pg_catalog.pg_locks l where l.pid = a.pid and not l.granted limit 1)
            from pg_catalog.pg_stat_activity a where a.pid = ?""";

    private final PrintStream out;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "demo-session");
        t.setDaemon(true);
        return t;
    });

    private Demo(PrintStream out) {
        this.out = out;
    }

    static int run(PrintStream out) throws Exception {
        Demo demo = new Demo(out);
        try {
            demo.run();
        } finally {
            demo.threads.shutdownNow();
        }
        return 0;
    }

    private void run() throws Exception {
        out.println("ddlguard demo: why DROP TABLE hangs, and what a guarded DataSource does instead");
        out.print("Starting an embedded PostgreSQL ... ");
        out.flush();
        long started = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource plain = pg.getPostgresDatabase();
            try (Connection c = plain.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                    rs.next();
                    out.println("PostgreSQL " + rs.getString(1) + " is up (" + millis(started) + " ms).");
                }
                s.execute("CREATE TABLE orders (id int PRIMARY KEY, item text)");
                s.execute("INSERT INTO orders VALUES (1, 'tea'), (2, 'cake'), (3, 'jam')");
            }
            out.println("Table orders created with 3 rows.");

            unguardedHang(plain);
            Connection reader = guardedFail(plain);
            guardedWait(plain, reader);
            listeners(plain);
            out.println("\nDemo finished.");
        }
    }

    /**
     * The application code of steps 1 to 3: borrows a connection, reads the table in a transaction and leaves the
     * transaction open, as a forgotten commit or an unfinished streaming result set does. The report of step 2
     * names the line that borrows the connection.
     */
    private static Connection openReader(DataSource ds) throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM orders")) {
            while (rs.next()) {
                rs.getString("item");
            }
        }
        return c;
    }

    /** Step 1, the SQLAlchemy FAQ's "my program hangs on table.drop()", on a plain DataSource. */
    private void unguardedHang(DataSource plain) throws Exception {
        heading("1. Without ddlguard: DROP TABLE hangs, and every query on the table queues behind it");
        try (Connection a = openReader(plain); Connection b = plain.getConnection(); Connection c = plain.getConnection();
             Connection watcher = plain.getConnection()) {
            long pidA = pid(a);
            long pidB = pid(b);
            long pidC = pid(c);
            out.printf(Locale.ROOT, "A  pid %d  SELECT * FROM orders, auto-commit off: rows read, transaction left open%n",
                    pidA);

            try (Statement s = b.createStatement()) {
                // Only so that the demo ends: a real program would wait as long as A's transaction stays open.
                s.execute("SET statement_timeout = '" + HANG.toMillis() + "ms'");
            }
            Future<Outcome> drop = threads.submit(timed(b, "DROP TABLE orders"));
            out.printf(Locale.ROOT, "B  pid %d  DROP TABLE orders: %s%n", pidB,
                    waiting(watcher, pidB, "A", pidA));

            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = '30s'");
            }
            Future<Outcome> select = threads.submit(timed(c, "SELECT count(*) FROM orders"));
            out.printf(Locale.ROOT, "C  pid %d  SELECT count(*) FROM orders: %s%n", pidC,
                    waiting(watcher, pidC, "B, the DROP", pidB));
            out.println("           A's lock would let C read, but C queues behind the DROP: the table is down"
                    + " for everyone.");

            Outcome dropped = drop.get(HANG.toSeconds() + 30, TimeUnit.SECONDS);
            if (dropped.failure() != null) {
                out.printf(Locale.ROOT, "B  cut off after %s by the demo's statement_timeout (SQLState %s: %s).%n",
                        seconds(dropped.nanos()), dropped.failure().getSQLState(), firstLine(dropped.failure()));
                out.println("   Without a timeout it would have waited for as long as A stayed open.");
            } else {
                out.println("B  ran after " + seconds(dropped.nanos()) + " (unexpected: A should have held it up).");
            }
            Outcome selected = select.get(30, TimeUnit.SECONDS);
            if (selected.failure() == null) {
                out.printf(Locale.ROOT, "C  answered after waiting %s: only once the DROP had given up.%n",
                        seconds(selected.nanos()));
            } else {
                out.println("C  failed: " + firstLine(selected.failure()));
            }
            a.rollback();
        }
    }

    /** Step 2: the same code through a guarded DataSource; the DROP is refused at once with a report. */
    private Connection guardedFail(DataSource plain) throws SQLException {
        heading("2. With ddlguard, DropPolicy.FAIL: the DROP fails in milliseconds and names the holder");
        DataSource ds = DdlGuard.builder().dropPolicy(DropPolicy.FAIL).build().wrap(plain);
        Connection a = openReader(ds);
        out.printf(Locale.ROOT, "A  pid %d  the same reader, its connection borrowed from the guarded DataSource%n",
                pid(a));
        try (Connection b = ds.getConnection(); Statement s = b.createStatement()) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                long started = System.nanoTime();
                try {
                    s.execute("DROP TABLE orders");
                    out.println("B  DROP TABLE orders ran (unexpected: A should have held it up).");
                    break;
                } catch (DropBlockedException e) {
                    if (attempt == 1) {
                        out.printf(Locale.ROOT, "B  DROP TABLE orders: DropBlockedException (SQLState %s) after %d ms"
                                + " (first call: cold JVM and catalog caches), never queued. Its message:%n",
                                e.getSQLState(), millis(started));
                        e.getMessage().lines().forEach(line -> out.println("   | " + line));
                    } else {
                        out.printf(Locale.ROOT, "B  the same DROP again, warm: refused after %d ms%n",
                                millis(started));
                    }
                }
            }
        }
        return a;
    }

    /** Step 3: under {@link DropPolicy#WAIT} the DROP runs as soon as the reader commits. */
    private void guardedWait(DataSource plain, Connection reader) throws Exception {
        heading("3. DropPolicy.WAIT: the DROP waits outside the lock queue, and runs once the reader commits");
        DataSource ds = DdlGuard.builder().dropPolicy(DropPolicy.WAIT).lockWait(Duration.ofSeconds(10)).build()
                .wrap(plain);
        long started = System.nanoTime();
        Future<Long> commit = threads.submit(() -> {
            try (reader) {
                Thread.sleep(READER_COMMITS_AFTER.toMillis());
                reader.commit();
                return System.nanoTime();
            }
        });
        try (Connection b = ds.getConnection(); Statement s = b.createStatement()) {
            s.execute("DROP TABLE orders");
        }
        long dropped = System.nanoTime();
        out.printf(Locale.ROOT, "A  committed on another thread after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(commit.get(10, TimeUnit.SECONDS) - started));
        out.printf(Locale.ROOT, "B  DROP TABLE orders succeeded after %d ms, without ever queueing in front of"
                + " other sessions%n", TimeUnit.NANOSECONDS.toMillis(dropped - started));
    }

    /** Step 4: listeners on real DDL, and a veto. */
    private void listeners(DataSource plain) throws SQLException {
        heading("4. DDL events: listeners run before and after each statement, and may veto it");
        DdlEvents events = new DdlEvents();
        events.listen(Target.anyTable(), DdlEvent.BEFORE_CREATE,
                ctx -> out.println("   [listener] before create: " + ctx.target()));
        events.listen(Target.table("users"), DdlEvent.AFTER_CREATE,
                Ddl.of("ALTER TABLE %(fullname)s ADD CONSTRAINT cst_user_name_length CHECK (length(user_name) >= 8)")
                        .executeIf(ExecuteIf.dialect("postgresql", "mysql")));
        events.listen(Target.table("users"), DdlEvent.AFTER_CREATE,
                ctx -> out.println("   [listener] after create: " + ctx.target() + " -> added cst_user_name_length"));
        events.listen(Target.anyTable(), DdlEvent.BEFORE_ALTER,
                ctx -> out.println("   [listener] before alter: " + ctx.target() + " ("
                        + ctx.element().getClass().getSimpleName() + ")"));
        events.listen(Target.table("audit_log"), DdlEvent.BEFORE_DROP, ctx -> {
            throw new SQLException("audit tables are never dropped");
        });

        DataSource ds = DdlGuard.builder().events(events).build().wrap(plain);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            step(s, "CREATE TABLE users (id serial PRIMARY KEY, user_name text NOT NULL)");
            step(s, "CREATE TABLE audit_log (id serial PRIMARY KEY, what text)");
            step(s, "ALTER TABLE users ADD COLUMN email text, ALTER COLUMN user_name SET DEFAULT 'anonymous'");
            step(s, "INSERT INTO users (user_name) VALUES ('bob')");
            step(s, "INSERT INTO users (user_name) VALUES ('robert_paulson')");
            step(s, "DROP TABLE audit_log");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_log")) {
                rs.next();
                out.println("audit_log is still there (" + rs.getInt(1) + " rows): the veto kept the DROP from the"
                        + " database.");
            }
        }
    }

    private void step(Statement s, String sql) {
        out.println("> " + sql);
        try {
            s.execute(sql);
            out.println("   ok");
        } catch (DdlVetoException e) {
            out.println("   refused by a listener: SQLState " + e.getSQLState() + ", " + e.getCause().getMessage());
        } catch (SQLException e) {
            out.println("   failed: SQLState " + e.getSQLState() + ", " + firstLine(e));
        }
    }

    private void heading(String title) {
        out.println("\n== " + title + " ==");
    }

    /**
     * Watches {@code pid} in pg_stat_activity until it waits for a lock (or two seconds pass) and describes the
     * wait: the mode it awaits and {@code pg_blocking_pids}.
     */
    private static String waiting(Connection watcher, long pid, String expectedName, long expectedPid)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        try (PreparedStatement ps = watcher.prepareStatement(OBSERVE)) {
            ps.setInt(1, (int) pid);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && "Lock".equals(rs.getString(1))) {
                        String blockers = rs.getString(2);
                        String named = blockers.equals("{" + expectedPid + "}") ? " (" + expectedName + ")" : "";
                        return "waiting for " + rs.getString(3) + ", pg_blocking_pids = " + blockers + named;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return "not waiting for a lock (unexpected)";
                }
                Thread.sleep(20);
            }
        }
    }

    private static Callable<Outcome> timed(Connection c, String sql) {
        return () -> {
            long started = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute(sql);
                return new Outcome(System.nanoTime() - started, null);
            } catch (SQLException e) {
                return new Outcome(System.nanoTime() - started, e);
            }
        };
    }

    /** How a statement run on another thread ended. */
    private record Outcome(long nanos, SQLException failure) {
    }

    private static long pid(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    private static long millis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
