package io.ddlguard.benchmarks;

import io.ddlguard.benchmarks.stub.StubPgConnection;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.jdbc.StubDataSource;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The heap ddlguard keeps for each connection it has handed out and that is still open: the wrapper, the guard's
 * record (borrow time, thread, auto-commit state, open result sets), its entry in the registry by backend pid,
 * and, when stacks are captured, the borrow stack. Opens {@code N} {@link StubPgConnection}s from a
 * {@link StubDataSource} (each passes for a pgjdbc connection with its own pid, and ddlguard is told the dialect
 * is PostgreSQL, so each is tracked as a real one) and holds them; the heap in use after full collections, minus
 * the same with the raw stub connections held, divided by {@code N}, is the figure.
 *
 * <p>The borrow stack's size depends on how deep the caller is, so connections are opened at two depths: the
 * shallow stack of this class's own calls, and 100 frames deeper, as in a web application. Run in its own JVM
 * with a serial collector for stable heap figures:
 * {@code java -XX:+UseSerialGC -Xmx512m -cp benchmarks.jar io.ddlguard.benchmarks.ConnectionFootprint [N]}. Prints
 * one line per configuration: {@code footprint <configuration> <bytes per connection over raw>}.
 */
public final class ConnectionFootprint {

    /** How deep the application's stack is below {@code getConnection()} in the deep configurations. */
    static final int DEEP_FRAMES = 100;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private ConnectionFootprint() {
    }

    /** One measured configuration: how the stub is wrapped, and how deep below the caller it is opened. */
    record Configuration(String name, String via, int frames) {
    }

    static final List<Configuration> CONFIGURATIONS = List.of(
            new Configuration("stacks-off", "ddlguard-stacks-off", 0),
            new Configuration("stacks-on", "ddlguard", 0),
            new Configuration("stacks-on-100-frames", "ddlguard", DEEP_FRAMES));

    public static void main(String[] args) throws SQLException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        // the raw stub connections, shallow and deep (the depth must not matter for them)
        long raw = perConnection("raw", 0, n);
        long rawDeep = perConnection("raw", DEEP_FRAMES, n);
        System.out.printf(Locale.ROOT, "raw stub connection: %d bytes (%d opened %d frames deeper)%n", raw, rawDeep,
                DEEP_FRAMES);
        for (Configuration c : CONFIGURATIONS) {
            long bytes = perConnection(c.via(), c.frames(), n);
            System.out.printf(Locale.ROOT, "footprint %s %d%n", c.name(), bytes - (c.frames() == 0 ? raw : rawDeep));
        }
    }

    /** The heap each of {@code n} open connections holds, wrapped as {@code via} says, stub included. */
    static long perConnection(String via, int frames, int n) throws SQLException {
        DataSource ds = Wrapping.wrap(via, new StubDataSource(StubPgConnection::new), Dialect.POSTGRESQL);
        // load and compile what opening a connection takes before anything is counted
        for (int i = 0; i < 2_000; i++) {
            open(ds, frames).close();
        }
        List<Connection> held = new ArrayList<>(n);
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            held.add(open(ds, frames));
        }
        long after = usedAfterGc();
        long perConnection = Math.round((double) (after - before) / n);
        for (Connection c : held) {
            c.close();
        }
        return perConnection;
    }

    /** {@code ds.getConnection()}, called {@code frames} frames below this call. */
    private static Connection open(DataSource ds, int frames) throws SQLException {
        return frames == 0 ? ds.getConnection() : open(ds, frames - 1);
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
