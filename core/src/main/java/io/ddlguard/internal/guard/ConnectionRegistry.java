package io.ddlguard.internal.guard;

import io.ddlguard.internal.jdbc.ConnectionRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every connection a guard has handed out and not yet seen closed: by server and session id, how a report names
 * this application's own connections and how {@code TERMINATE} knows which sessions are its own to end; and, for
 * connections without a session id (SQLite, or a driver that does not expose one), by server only, how the SQLite
 * guard finds the other connections to the same database file. Thread-safe; one per {@code DdlGuard}, shared by
 * every data source it wraps.
 */
public final class ConnectionRegistry {

    /** A session of one server: ids are unique per server only. */
    private record Session(String server, long id) {
    }

    private final boolean captureStacks;
    private final ConcurrentHashMap<Session, ConnectionRecord> bySession = new ConcurrentHashMap<>();
    private final Set<ConnectionRecord> withoutId = ConcurrentHashMap.newKeySet();

    /** @param captureStacks whether to record the stack of every {@code getConnection()} */
    public ConnectionRegistry(boolean captureStacks) {
        this.captureStacks = captureStacks;
    }

    /**
     * Starts tracking {@code raw}, a connection just handed out by {@code dataSource}.
     *
     * @param server which server (or database file) it is to, as {@link #byPid} will be asked
     * @param ids    how to learn its session id
     */
    ConnectionRecord track(Connection raw, String dataSource, String server, SessionIds ids) throws SQLException {
        Throwable stack = captureStacks ? new Throwable("connection borrowed here") : null;
        long id = ids.of(raw);
        ConnectionRecord record = new ConnectionRecord(dataSource, raw, server, id, stack, raw.getAutoCommit(),
                this::forget);
        if (id >= 0) {
            bySession.put(new Session(server, id), record);
        } else {
            withoutId.add(record);
        }
        return record;
    }

    /** The open connection this guard handed out whose session on {@code server} is {@code pid}. */
    public Optional<ConnectionRecord> byPid(String server, long pid) {
        return Optional.ofNullable(bySession.get(new Session(server, pid)));
    }

    /** The open connections to {@code server} whose session id is unknown, in no particular order. */
    List<ConnectionRecord> withoutId(String server) {
        List<ConnectionRecord> found = new ArrayList<>();
        for (ConnectionRecord r : withoutId) {
            if (r.server().equals(server)) {
                found.add(r);
            }
        }
        return found;
    }

    /** How many connections are tracked: handed out and not yet seen closed. */
    public int size() {
        return bySession.size() + withoutId.size();
    }

    private void forget(ConnectionRecord record) {
        if (record.pid() >= 0) {
            bySession.remove(new Session(record.server(), record.pid()), record);
        } else {
            withoutId.remove(record);
        }
    }
}
