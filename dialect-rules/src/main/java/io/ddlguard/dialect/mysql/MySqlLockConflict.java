package io.ddlguard.dialect.mysql;

import io.ddlguard.dialect.TableName;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One session that would make a {@code DROP TABLE} or {@code ALTER TABLE} wait, or might: what
 * {@link MySqlLockInspector} reports. Immutable and thread-safe.
 *
 * <p>Rows read from {@code performance_schema.metadata_locks} ({@link Source#PERFORMANCE_SCHEMA}) are exact: the
 * session holds, or is queued for, a metadata lock on {@link #table()}, or holds a global lock that blocks every
 * DDL. Rows read from {@code information_schema.PROCESSLIST} and {@code INNODB_TRX}
 * ({@link Source#PROCESSLIST}) are candidates: a session in a transaction, running a statement, or waiting for a
 * metadata lock, whatever tables it used; {@link #table()} and {@link #lockType()} are then empty.
 *
 * @param connectionId   the session's id ({@code PROCESSLIST.ID}, {@code CONNECTION_ID()}, the id
 *                       {@code KILL} takes)
 * @param user           {@code PROCESSLIST.USER}
 * @param host           {@code PROCESSLIST.HOST}: client host and port for a TCP connection
 * @param database       the session's default database ({@code PROCESSLIST.DB})
 * @param command        {@code PROCESSLIST.COMMAND}: {@code Sleep} when idle, {@code Query} while a statement runs
 * @param state          {@code PROCESSLIST.STATE}, such as {@code Waiting for table metadata lock} or
 *                       {@code Writing to net} (a result set the client has not read to the end); empty when the
 *                       server reports none
 * @param stateTime      how long the session has been in its current command ({@code PROCESSLIST.TIME}; to the
 *                       millisecond on MariaDB, {@code TIME_MS})
 * @param query          the statement running now ({@code PROCESSLIST.INFO}); empty for an idle session, even one
 *                       whose transaction holds the lock
 * @param lastStatement  the session's current or, when idle, last statement, from
 *                       {@code performance_schema.events_statements_current}: present only when that consumer is
 *                       enabled (MariaDB's default: off) and readable
 * @param transactionAge how long its InnoDB transaction has been open ({@code INNODB_TRX.trx_started}, whole
 *                       seconds); empty when it has none or {@code INNODB_TRX} is not readable (no
 *                       {@code PROCESS} privilege)
 * @param table          the table the lock is on; empty for a global lock and for {@link Source#PROCESSLIST} rows
 * @param lockType       the metadata lock type, such as {@code SHARED_READ} (a reader's transaction),
 *                       {@code SHARED_WRITE} (a writer's), {@code EXCLUSIVE} (a queued DDL) or
 *                       {@code BACKUP_FTWRL1} (MariaDB's {@code FLUSH TABLES WITH READ LOCK})
 * @param lockDuration   {@code TRANSACTION} (released at commit or rollback), {@code STATEMENT} or {@code EXPLICIT}
 *                       ({@code LOCK TABLES}, {@code FLUSH TABLES WITH READ LOCK}: released by
 *                       {@code UNLOCK TABLES})
 * @param granted        whether the session holds the lock; {@code false}: it is queued for it (or, for
 *                       {@link Source#PROCESSLIST}, waiting for some metadata lock)
 * @param waitingFor     while the session waits for a metadata lock: what it waits for, such as
 *                       {@code EXCLUSIVE on shop.orders} (from {@code metadata_locks}) or its
 *                       {@code PROCESSLIST.STATE}
 * @param blockedBy      for a session queued on {@link #table()}: a session that holds a lock on it, the one to end
 *                       first
 * @param cause          why it is reported
 * @param source         which views the row came from
 */
public record MySqlLockConflict(long connectionId, Optional<String> user, Optional<String> host,
                                Optional<String> database, Optional<String> command, Optional<String> state,
                                Optional<Duration> stateTime, Optional<String> query, Optional<String> lastStatement,
                                Optional<Duration> transactionAge, Optional<TableName> table,
                                Optional<String> lockType, Optional<String> lockDuration, boolean granted,
                                Optional<String> waitingFor, OptionalLong blockedBy, Cause cause, Source source) {

    /** Why a session is reported. */
    public enum Cause {
        /** It holds a metadata lock on a table the statement locks (exact). */
        LOCK,
        /** It is queued for a metadata lock on a table the statement locks, such as an earlier DDL (exact). */
        QUEUED,
        /**
         * It holds a global lock that blocks every DDL: {@code FLUSH TABLES WITH READ LOCK}, MariaDB's
         * {@code BACKUP STAGE BLOCK_DDL}, MySQL's {@code LOCK INSTANCE FOR BACKUP} (exact).
         */
        GLOBAL_LOCK,
        /**
         * Approximate: it has an open InnoDB transaction, which holds metadata locks on every table it used until
         * it ends; which tables those are cannot be seen without {@code performance_schema}.
         */
        IN_TRANSACTION,
        /**
         * Approximate: it is running a statement (autocommit), which holds metadata locks on its tables until it
         * ends; a result set the client streams ({@code fetchSize > 0}) and has not read to the end keeps it
         * running, in state {@code Writing to net}.
         */
        RUNNING_STATEMENT,
        /** Approximate: it is waiting for a metadata lock ({@code Waiting for ... metadata lock}), on some table. */
        WAITING_FOR_LOCK
    }

    /** The views a row, or a whole report, was read from. */
    public enum Source {
        /** {@code performance_schema.metadata_locks} joined to {@code threads}: exact. */
        PERFORMANCE_SCHEMA,
        /** {@code information_schema.PROCESSLIST} and {@code INNODB_TRX}: approximate. */
        PROCESSLIST
    }

    public MySqlLockConflict {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateTime, "stateTime");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(lastStatement, "lastStatement");
        Objects.requireNonNull(transactionAge, "transactionAge");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(lockType, "lockType");
        Objects.requireNonNull(lockDuration, "lockDuration");
        Objects.requireNonNull(waitingFor, "waitingFor");
        Objects.requireNonNull(blockedBy, "blockedBy");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(source, "source");
    }

    /** Whether this row is exact ({@link Source#PERFORMANCE_SCHEMA}) rather than a candidate. */
    public boolean exact() {
        return source == Source.PERFORMANCE_SCHEMA;
    }
}
