package io.ddlguard.dialect.h2;

import java.util.List;
import java.util.Objects;

/**
 * What {@link H2LockInspector} found, and whose sessions it could see. Immutable and thread-safe.
 *
 * @param conflicts  the locks of other sessions on the tables, by session id, then table
 * @param visibility whose sessions the connection's user can see
 */
public record H2LockReport(List<H2LockConflict> conflicts, Visibility visibility) {

    /** Whose sessions the report could see. */
    public enum Visibility {
        /** Every session: the user is an admin. */
        ALL_SESSIONS,
        /**
         * Only the inspecting session: H2 shows a non-admin user no other session in {@code SESSIONS} and
         * {@code LOCKS}, so an empty report means nothing.
         */
        OWN_SESSION_ONLY
    }

    public H2LockReport {
        conflicts = List.copyOf(conflicts);
        Objects.requireNonNull(visibility, "visibility");
    }

    /** Whether the report is complete. */
    public boolean exact() {
        return visibility == Visibility.ALL_SESSIONS;
    }
}
