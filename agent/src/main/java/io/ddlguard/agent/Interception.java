package io.ddlguard.agent;

import io.ddlguard.DdlGuard;
import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the advice woven into {@code DataSource.getConnection} and {@code Driver.connect} hands off to: decides
 * whether the connection a call returns is one the application receives, and wraps it with the agent's guard.
 *
 * <p>A connection is wrapped once, at the outermost call. On one thread, a depth counter lets only the outermost
 * intercepted call wrap (HikariCP's {@code getConnection} opening a connection through its driver on the caller's
 * thread; a driver's data source calling its {@code Driver}). A pool opening connections on its own threads is
 * recognised by its frames on the stack below the call ({@link #POOLS}), and so is a data source ddlguard itself
 * wraps ({@code DdlGuard.wrap} already guards that application). Whatever slips through both, such as an unknown
 * pool, is still heard once: {@link DdlGuard#wrapConnection} returns a pool's proxy around a connection it wrapped
 * unchanged.
 *
 * <p>Never breaks the application: any failure here returns the connection unwrapped and is reported once per kind.
 * Public only because the advice is inlined into classes of other packages and class loaders. Thread-safe.
 */
public final class Interception {

    /** Class-name prefixes of callers whose calls to a driver or data source are their own: pools, mostly. */
    static final List<String> POOLS = List.of("com.zaxxer.hikari.", "org.apache.commons.dbcp2.",
            "org.apache.commons.dbcp.", "org.apache.tomcat.jdbc.pool.", "org.apache.tomcat.dbcp.",
            "com.mchange.v2.", "oracle.ucp.", "org.vibur.dbcp.", "io.agroal.", "com.alibaba.druid.pool.",
            "org.h2.jdbcx.JdbcConnectionPool",
            // Spring's proxies that fetch their target connection lazily, after their own getConnection() returned
            // the (wrapped) proxy
            "org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy",
            "org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy",
            // ddlguard's own wrappers: a data source the application wrapped with DdlGuard.wrap is guarded already
            "io.ddlguard.internal.jdbc.");

    private static final Log LOG = Log.of(Interception.class);
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final StackWalker WALKER = StackWalker.getInstance();
    /** How many callers of an intercepted method are searched for a pool's frame. */
    static final int CALLER_FRAMES = 12;
    private static volatile DdlGuard guard;

    private Interception() {
    }

    /** Starts wrapping with {@code g}; null stops. */
    static void guard(DdlGuard g) {
        guard = g;
    }

    /** Entering an intercepted method. */
    public static void enter() {
        DEPTH.get()[0]++;
    }

    /**
     * Leaving an intercepted method: what it returns instead of {@code connection}.
     *
     * @param source     the data source or driver whose method returns
     * @param connection what it returned (null for a driver that does not accept the URL, or when it threw)
     * @param thrown     what it threw, or null
     */
    public static Connection exit(Object source, Connection connection, Throwable thrown) {
        int[] depth = DEPTH.get();
        depth[0] = Math.max(0, depth[0] - 1);
        DdlGuard g = guard;
        if (depth[0] != 0 || thrown != null || connection == null || g == null) {
            return connection;
        }
        try {
            if (calledByPool()) {
                return connection;
            }
            Connection wrapped = g.wrapConnection(connection, source);
            if (Diagnostics.debugging()) {
                Diagnostics.debug((wrapped == connection ? "already guarded: " : "guarded: ")
                        + connection.getClass().getName() + " from " + source.getClass().getName());
            }
            return wrapped;
        } catch (Throwable e) {
            failed(source, e);
            return connection;
        }
    }

    /**
     * Whether a pool (or ddlguard) called the method now returning. The top frames are this class's and the
     * intercepted method's own (the advice is inlined into it); the rest are its callers. Only the nearest
     * {@link #CALLER_FRAMES} callers are looked at: a pool opens its connections a few frames below its own
     * methods, and the walk then costs the same however deep the application's stack is.
     */
    private static boolean calledByPool() {
        return WALKER.walk(frames -> frames
                .dropWhile(f -> f.getClassName().equals(Interception.class.getName()))
                .skip(1)
                .limit(CALLER_FRAMES)
                .anyMatch(f -> isPool(f.getClassName())));
    }

    static boolean isPool(String className) {
        for (String prefix : POOLS) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void failed(Object source, Throwable e) {
        String kind = source.getClass().getName() + ": " + e.getClass().getName();
        if (REPORTED.add(kind)) {
            LOG.warn("ddlguard agent: could not guard a connection from {}; it is used unguarded (reported once"
                    + " for this source and failure)", source.getClass().getName(), e);
            Diagnostics.report("could not guard a connection from " + source.getClass().getName(), e);
        }
    }
}
