package io.ddlguard.dialect.postgres;

import java.util.Optional;

/**
 * PostgreSQL's eight table-level lock modes, weakest first, with the server's conflict matrix.
 *
 * <p>The matrix is the table "Conflicting Lock Modes" of the PostgreSQL documentation (chapter "Explicit
 * Locking"), which is {@code LockConflicts[]} in {@code src/backend/storage/lmgr/lock.c}; it is symmetric.
 * Immutable and thread-safe.
 */
public enum LockMode {
    ACCESS_SHARE("AccessShareLock"),
    ROW_SHARE("RowShareLock"),
    ROW_EXCLUSIVE("RowExclusiveLock"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock"),
    SHARE("ShareLock"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock"),
    EXCLUSIVE("ExclusiveLock"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock");

    private final String pgName;
    private int conflicts;

    static {
        conflict(ACCESS_SHARE, ACCESS_EXCLUSIVE);
        conflict(ROW_SHARE, EXCLUSIVE, ACCESS_EXCLUSIVE);
        conflict(ROW_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);
        conflict(SHARE_UPDATE_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE,
                ACCESS_EXCLUSIVE);
        conflict(SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE);
        conflict(SHARE_ROW_EXCLUSIVE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE,
                ACCESS_EXCLUSIVE);
        conflict(EXCLUSIVE, ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE,
                ACCESS_EXCLUSIVE);
        conflict(ACCESS_EXCLUSIVE, values());
    }

    LockMode(String pgName) {
        this.pgName = pgName;
    }

    private static void conflict(LockMode requested, LockMode... held) {
        for (LockMode h : held) {
            requested.conflicts |= 1 << h.ordinal();
        }
    }

    /** The name {@code pg_locks.mode} shows, such as {@code "AccessExclusiveLock"}. */
    public String pgName() {
        return pgName;
    }

    /** Whether a request for this mode waits behind {@code other}, held or queued by another transaction. */
    public boolean conflictsWith(LockMode other) {
        return (conflicts & (1 << other.ordinal())) != 0;
    }

    /** The modes this one conflicts with as a bit set, bit {@code i} standing for {@code values()[i]}. */
    int conflictMask() {
        return conflicts;
    }

    /** The stronger of the two: the one that conflicts with more modes. */
    LockMode max(LockMode other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /**
     * The mode for a {@code pg_locks.mode} value; empty for modes that are not table-level modes (such as
     * {@code SIReadLock}, which never blocks).
     */
    public static Optional<LockMode> fromPgName(String pgName) {
        for (LockMode mode : values()) {
            if (mode.pgName.equals(pgName)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
