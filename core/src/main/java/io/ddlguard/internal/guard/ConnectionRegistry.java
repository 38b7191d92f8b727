package io.ddlguard.internal.guard;

import io.ddlguard.internal.jdbc.ConnectionRecord;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every connection a guard has handed out and not yet seen closed, by server process id: how a report names
 * this application's own connections, and how {@code TERMINATE} knows which sessions are its own to end.
 * Thread-safe; one per {@code DdlGuard}, shared by every data source it wraps.
 */
public final class ConnectionRegistry {

    private static final String PG_CONNECTION = "org.postgresql.PGConnection";

    private final boolean captureStacks;
    private final ConcurrentHashMap<Long, ConnectionRecord> byPid = new ConcurrentHashMap<>();
    /** pgjdbc's {@code PGConnection} and its {@code getBackendPID()}, looked up once; null until found. */
    private volatile Class<?> pgConnection;
    private volatile MethodHandle backendPid;

    /** @param captureStacks whether to record the stack of every {@code getConnection()} */
    public ConnectionRegistry(boolean captureStacks) {
        this.captureStacks = captureStacks;
    }

    /**
     * Starts tracking {@code raw}, a PostgreSQL connection just handed out by {@code dataSource}. The backend pid
     * comes from pgjdbc's {@code PGConnection.getBackendPID()}, which costs no round trip; a connection whose
     * driver does not expose it is tracked without a pid and so cannot be named in reports.
     */
    public ConnectionRecord track(Connection raw, String dataSource) throws SQLException {
        Throwable stack = captureStacks ? new Throwable("connection borrowed here") : null;
        long pid = backendPid(raw);
        ConnectionRecord record = new ConnectionRecord(dataSource, pid, stack, raw.getAutoCommit(), this::forget);
        if (pid >= 0) {
            byPid.put(pid, record);
        }
        return record;
    }

    /** The open connection this guard handed out whose server process is {@code pid}. */
    public Optional<ConnectionRecord> byPid(long pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    private void forget(ConnectionRecord record) {
        byPid.remove(record.pid(), record);
    }

    private long backendPid(Connection raw) {
        Class<?> iface = pgConnection;
        if (iface == null) {
            iface = findPgConnection(raw);
        }
        if (iface == Void.class) {
            return -1;
        }
        try {
            if (raw.isWrapperFor(iface)) {
                return (int) backendPid.invoke(raw.unwrap(iface));
            }
        } catch (Throwable e) {
            // a closed or foreign connection: track it without a pid
        }
        return -1;
    }

    /** pgjdbc's interface, or {@code Void.class} when it is not on the connection's class path. */
    private Class<?> findPgConnection(Connection raw) {
        Class<?> iface;
        try {
            iface = Class.forName(PG_CONNECTION, false, raw.getClass().getClassLoader());
            backendPid = MethodHandles.publicLookup().findVirtual(iface, "getBackendPID",
                    MethodType.methodType(int.class));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            iface = Void.class;
        }
        pgConnection = iface;
        return iface;
    }
}
