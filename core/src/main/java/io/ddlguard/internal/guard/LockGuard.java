package io.ddlguard.internal.guard;

import io.ddlguard.element.DdlElement;
import io.ddlguard.internal.jdbc.ConnectionRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Keeps DDL statements from hanging on locks held by other sessions, for one database family. Thread-safe.
 */
public interface LockGuard {

    /** A guard that guards nothing and tracks nothing: for databases without one. */
    LockGuard NONE = new LockGuard() {
        @Override
        public ConnectionRecord track(Connection raw, String dataSource) {
            return null;
        }

        @Override
        public GuardedStatement check(Connection connection, List<DdlElement> elements, boolean runsNext) {
            return GuardedStatement.UNGUARDED;
        }
    };

    /** Starts tracking a connection just handed out, or returns null when this guard tracks nothing. */
    ConnectionRecord track(Connection raw, String dataSource) throws SQLException;

    /**
     * Checks, without entering the lock queue, whether {@code elements} (one statement text) would wait for
     * locks other sessions hold, and applies the policy: throws {@link io.ddlguard.DropBlockedException} when the
     * statement must not run, else returns how to run it.
     *
     * @param connection the driver's connection that will run the statement
     * @param runsNext   whether {@link GuardedStatement#execute} follows with nothing run on {@code connection} in
     *                   between: then what the check set to bound its own reads (a lock timeout, a savepoint) is left
     *                   for the first attempt instead of being put back and set again. False when listeners run
     *                   first, or when only the verdict is wanted.
     */
    GuardedStatement check(Connection connection, List<DdlElement> elements, boolean runsNext) throws SQLException;
}
