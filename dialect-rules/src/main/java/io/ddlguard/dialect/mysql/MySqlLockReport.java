package io.ddlguard.dialect.mysql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link MySqlLockInspector} found, and how much it could see. Immutable and thread-safe.
 *
 * <p>An empty {@link #conflicts()} means "nobody would block" only when the report is {@link #exact()}: with
 * {@link MySqlLockConflict.Source#PROCESSLIST} the inspector cannot see {@code LOCK TABLES} or
 * {@code FLUSH TABLES WITH READ LOCK} held by an idle session, nor locks on non-InnoDB tables read in a
 * transaction, and with {@link Visibility#OWN_USER_ONLY} it sees no other user's session at all.
 *
 * @param conflicts          the sessions found, holders before queued sessions, each by connection id
 * @param source             the views the report was read from
 * @param visibility         whose sessions could be seen
 * @param approximateBecause why {@code performance_schema} could not be used, such as
 *                           {@code "performance_schema is off"}; empty when {@link #source()} is
 *                           {@link MySqlLockConflict.Source#PERFORMANCE_SCHEMA}
 * @param serverVersion      {@code VERSION()}
 */
public record MySqlLockReport(List<MySqlLockConflict> conflicts, MySqlLockConflict.Source source,
                              Visibility visibility, Optional<String> approximateBecause, String serverVersion) {

    /** Whose sessions the report could see. */
    public enum Visibility {
        /** Every session on the server. */
        ALL_SESSIONS,
        /**
         * Only the sessions of the inspecting user, and none of their transactions: without the {@code PROCESS}
         * privilege {@code PROCESSLIST} lists only one's own sessions and {@code INNODB_TRX} cannot be read.
         */
        OWN_USER_ONLY
    }

    public MySqlLockReport {
        conflicts = List.copyOf(conflicts);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(approximateBecause, "approximateBecause");
        Objects.requireNonNull(serverVersion, "serverVersion");
    }

    /** Whether the report is complete: read from {@code performance_schema.metadata_locks}. */
    public boolean exact() {
        return source == MySqlLockConflict.Source.PERFORMANCE_SCHEMA && visibility == Visibility.ALL_SESSIONS;
    }

    /** Whether some session would, or (for an approximate report) might, make the statement wait. */
    public boolean blocked() {
        return !conflicts.isEmpty();
    }

    /**
     * What the report could not see, as one line for a report, such as
     * {@code "approximate: performance_schema is off; ..."}; empty when {@link #exact()}.
     */
    public Optional<String> limitation() {
        if (exact()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        approximateBecause.ifPresent(reason -> text.append("approximate: ").append(reason)
                .append("; every session in a transaction or running a statement is listed, whatever tables it"
                        + " used, and LOCK TABLES or FLUSH TABLES WITH READ LOCK in an idle session are not seen"));
        if (visibility == Visibility.OWN_USER_ONLY) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append("only this user's sessions are visible and no transaction is: the PROCESS privilege is"
                    + " missing");
        }
        return Optional.of(text.toString());
    }
}
