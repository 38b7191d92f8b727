package io.ddlguard.internal.guard;

import io.ddlguard.internal.jdbc.ConnectionRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
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
 *
 * <p>A pool lends the same physical connection, and so the same session, over and over. The entry for a session is
 * therefore kept when its connection is closed (the record says it is closed, and {@link #byPid} skips it) and
 * replaced on the next borrow: replacing a key's value costs the map one bin lock, where removing and adding it again
 * costs two more atomic updates of its size. Sessions that are gone for good (a pool retired the connection, the
 * server restarted) leave closed entries behind, swept whenever a borrow brings a session the map has not seen and
 * the map has grown past twice its size after the last sweep.
 */
public final class ConnectionRegistry {

    /** A session of one server: ids are unique per server only. */
    private record Session(String server, long id) {
    }

    private final boolean captureStacks;
    private final ConcurrentHashMap<Session, ConnectionRecord> bySession = new ConcurrentHashMap<>();
    private final Set<ConnectionRecord> withoutId = ConcurrentHashMap.newKeySet();
    /** What guards learned about each server, by server key: see {@link #serverState}. */
    private final ConcurrentHashMap<String, Object> serverStates = new ConcurrentHashMap<>();
    /** The map's size after the last sweep; a benign race at worst sweeps twice. */
    private volatile int sweptSize;

    /** @param captureStacks whether to record the stack of every {@code getConnection()} */
    public ConnectionRegistry(boolean captureStacks) {
        this.captureStacks = captureStacks;
    }

    /**
     * Starts tracking {@code raw}, a connection just handed out by {@code dataSource}, whose server session is
     * {@code id}, started at {@code started}.
     *
     * @param server  which server (or database file) it is to, as {@link #byPid} will be asked
     * @param id      the session's id on {@code server}, or -1 when it cannot be known for certain
     * @param started when that session started, or null where the engine has no such time
     */
    ConnectionRecord track(Connection raw, String dataSource, String server, long id, Instant started)
            throws SQLException {
        Throwable stack = captureStacks ? new Throwable("connection borrowed here") : null;
        ConnectionRecord record = new ConnectionRecord(dataSource, raw, server, id, started, stack,
                raw.getAutoCommit(), this::forget);
        if (id >= 0) {
            if (bySession.put(new Session(server, id), record) == null) {
                sweepIfGrown();
            }
        } else {
            withoutId.add(record);
        }
        return record;
    }

    /** The open connection this guard handed out whose session on {@code server} is {@code pid}. */
    public Optional<ConnectionRecord> byPid(String server, long pid) {
        ConnectionRecord record = bySession.get(new Session(server, pid));
        return record == null || record.isClosed() ? Optional.empty() : Optional.of(record);
    }

    /**
     * The open connection this guard handed out whose session on {@code server} is {@code pid}, started at
     * {@code started} ({@link ConnectionRecord#isSession}): a record of an earlier session with the same pid (the
     * server reuses pids; a connection that died unseen may still look open) never matches.
     *
     * @param clockOffset the server's clock minus this JVM's, in milliseconds
     */
    public Optional<ConnectionRecord> bySession(String server, long pid, Optional<Instant> started,
                                                long clockOffset) {
        return byPid(server, pid).filter(r -> r.isSession(pid, started, clockOffset));
    }

    /**
     * What the guards of this registry learned about {@code server} (how it is reached, say), made by {@code create}
     * on the first call: every data source a {@code DdlGuard} wraps gets a guard of its own, and they share this.
     */
    <T> T serverState(String server, Class<T> type, java.util.function.Supplier<T> create) {
        return type.cast(serverStates.computeIfAbsent(server, k -> create.get()));
    }

    /** How many connections this guard handed out are open now (closed ones awaiting a sweep not counted). */
    public int open() {
        int n = withoutId.size();
        for (ConnectionRecord r : bySession.values()) {
            if (!r.isClosed()) {
                n++;
            }
        }
        return n;
    }

    /**
     * How many records the registry holds, closed ones not yet swept included: what it keeps reachable. At most
     * about twice the connections open at the last sweep, plus 16.
     */
    public int retained() {
        return bySession.size() + withoutId.size();
    }

    private void sweepIfGrown() {
        int size = bySession.size();
        if (size > 2 * sweptSize + 16) {
            // conditional on the value: a record that a borrow has just put in place of a closed one stays
            bySession.values().removeIf(ConnectionRecord::isClosed);
            sweptSize = bySession.size();
        }
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

    private void forget(ConnectionRecord record) {
        if (record.pid() < 0) {
            withoutId.remove(record);
        }
        // a record with a session id stays, closed, until the session is borrowed again or a sweep
    }
}
