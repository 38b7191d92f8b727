package io.ddlguard.internal.guard;

import io.ddlguard.LockHolder;
import io.ddlguard.element.DdlElement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What the engine learned about one guarded statement text, and how to ask again who blocks it. */
interface Inspection {
    /** The statements of the text that need guarding: what the report names. */
    List<DdlElement> elements();

    /** The sessions that would make the statement wait right now, roots of wait chains first. */
    List<LockHolder> holders(Connection connection) throws SQLException;

    /**
     * The sessions to name once an attempt timed out: {@link #holders} by default. More where the engine
     * cannot plan every statement of the text: then also the sessions holding any lock on the relations the
     * other statements name, which {@link #exact()} says are candidates.
     */
    default List<LockHolder> holdersAfterTimeout(Connection connection) throws SQLException {
        return holders(connection);
    }

    /**
     * Whether the statement gets a single attempt with the whole remaining budget, because a timed-out
     * attempt leaves something behind that a retry would trip over.
     */
    default boolean singleAttempt() {
        return false;
    }

    /** Said in the report when the last attempt ended in a lock timeout; empty for nothing. */
    default String afterTimeout() {
        return "";
    }

    /**
     * Whether the holders are read before the first attempt. False where the first attempt is the better
     * check: it queues nobody, or the engine cannot see who holds what.
     */
    default boolean precheck() {
        return true;
    }

    /**
     * Whether {@link #holdersAfterTimeout} are exactly the sessions that block. When false they are candidates
     * (sessions that may hold a lock), and waiting for the list to empty could outlast the real holder: the
     * guard waits by attempting again instead. What a {@link #precheck()} reads is always exact.
     */
    default boolean exact() {
        return true;
    }

    /** What the engine could not see, said in the report; empty when it saw everything. */
    default String limitation() {
        return "";
    }

    /**
     * The inspection of engines whose first attempt is the check: holders are read only after an attempt timed out,
     * because the attempt queues no one (MariaDB) or the engine shows no holders before (SQLite).
     */
    abstract static class AttemptFirst implements Inspection {
        private final List<DdlElement> elements;

        AttemptFirst(List<DdlElement> elements) {
            this.elements = elements;
        }

        @Override
        public List<DdlElement> elements() {
            return elements;
        }

        @Override
        public boolean precheck() {
            return false;
        }
    }

    /** The inspection of a statement whose locks cannot be read: attempts are still bounded. */
    record Blind(List<DdlElement> elements, String limitation) implements Inspection {
        @Override
        public List<LockHolder> holders(Connection connection) {
            return List.of();
        }

        @Override
        public boolean exact() {
            return false;
        }

        @Override
        public boolean precheck() {
            return false;
        }
    }
}
