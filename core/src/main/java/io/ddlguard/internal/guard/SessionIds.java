package io.ddlguard.internal.guard;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * How a guard learns the server's id of the session behind a connection it hands out, the id the database's lock
 * views show: from the driver's own accessor when it has one (pgjdbc's {@code getBackendPID()}, MariaDB
 * Connector/J's {@code getThreadId()}, MySQL Connector/J's {@code getId()}: values from the handshake, no round
 * trip), else from a query run once per physical connection and remembered for as long as that connection lives
 * (a pool hands the same one out many times). Thread-safe.
 */
final class SessionIds {

    /** A driver's connection class and its no-argument accessor of the session id ({@code int} or {@code long}). */
    private record Accessor(String connectionClass, String method) {
    }

    /** Found accessors: the driver's class and a handle typed {@code (Object) -> long}. */
    private record Found(Class<?> type, MethodHandle id) {
    }

    private static final Found NOT_FOUND = new Found(Void.class, null);

    static final SessionIds POSTGRES = new SessionIds(
            List.of(new Accessor("org.postgresql.PGConnection", "getBackendPID")), null, null);
    static final SessionIds MYSQL = new SessionIds(
            List.of(new Accessor("org.mariadb.jdbc.Connection", "getThreadId"),
                    new Accessor("com.mysql.cj.jdbc.JdbcConnection", "getId")),
            "select connection_id()", null);
    static final SessionIds H2 = new SessionIds(List.of(), "select session_id()", "org.h2.jdbc.JdbcConnection");
    /** SQLite has no sessions: its connections are known to the guard only. */
    static final SessionIds NONE = new SessionIds(List.of(), null, null);

    private final List<Accessor> accessors;
    private final String query;
    private final String physicalClass;
    /** Per accessor, once looked up against a connection's class loader: what was found. */
    private final Found[] found;
    private volatile Class<?> physical;
    /** Ids read with {@link #query}, by physical connection. */
    private final Map<Connection, Long> queried = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param accessors     driver accessors to try, in order
     * @param query         a one-row query of the id, run once per physical connection; null for none
     * @param physicalClass the driver's connection class, to find the physical connection behind a pool's proxy
     *                      when the id is queried; null to use the connection as given
     */
    private SessionIds(List<Accessor> accessors, String query, String physicalClass) {
        this.accessors = accessors;
        this.query = query;
        this.physicalClass = physicalClass;
        this.found = new Found[accessors.size()];
    }

    /** The session id of {@code raw}, or -1 when it cannot be known. */
    long of(Connection raw) {
        Driver d = driver(raw);
        if (d != null) {
            return d.id();
        }
        return query == null ? -1 : queried(raw);
    }

    /**
     * The driver's connection behind {@code raw} and the session id the driver reports: behind a pooler such as
     * PgBouncer, the pooler's id, not the server's.
     *
     * @param physical the driver's own connection object: the same for every borrow of one physical connection
     */
    record Driver(Object physical, long id) {
    }

    /** What the driver's accessor tells of {@code raw}; null when no accessor applies. */
    Driver driver(Connection raw) {
        for (int i = 0; i < accessors.size(); i++) {
            Found f = found[i];
            if (f == null) {
                f = lookUp(accessors.get(i), raw);
                found[i] = f;
            }
            if (f == NOT_FOUND) {
                continue;
            }
            try {
                if (raw.isWrapperFor(f.type())) {
                    Object physical = raw.unwrap(f.type());
                    return new Driver(physical, (long) f.id().invokeExact(physical));
                }
            } catch (Throwable e) {
                // a closed connection, or another driver's: try the next way
            }
        }
        return null;
    }

    private long queried(Connection raw) {
        Connection key = physical(raw);
        Long id = queried.get(key);
        if (id != null) {
            return id;
        }
        try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery(query)) {
            long value = rs.next() ? rs.getLong(1) : -1;
            queried.put(key, value);
            return value;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** The driver's connection behind {@code raw} (a pool's proxy is new on every borrow), or {@code raw}. */
    private Connection physical(Connection raw) {
        if (physicalClass == null) {
            return raw;
        }
        Class<?> type = physical;
        if (type == null) {
            try {
                type = Class.forName(physicalClass, false, raw.getClass().getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                type = Void.class;
            }
            physical = type;
        }
        try {
            if (type != Void.class && raw.isWrapperFor(type)) {
                return (Connection) raw.unwrap(type);
            }
        } catch (SQLException | ClassCastException e) {
            // use the connection as given
        }
        return raw;
    }

    private static Found lookUp(Accessor accessor, Connection raw) {
        try {
            Class<?> type = Class.forName(accessor.connectionClass(), false, raw.getClass().getClassLoader());
            MethodHandle handle = MethodHandles.publicLookup().findVirtual(type, accessor.method(),
                    MethodType.methodType(longOrInt(type, accessor.method())));
            return new Found(type, handle.asType(MethodType.methodType(long.class, Object.class)));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return NOT_FOUND;
        }
    }

    private static Class<?> longOrInt(Class<?> type, String method) throws NoSuchMethodException {
        return type.getMethod(method).getReturnType();
    }
}
