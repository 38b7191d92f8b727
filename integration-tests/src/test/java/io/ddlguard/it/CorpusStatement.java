package io.ddlguard.it;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a migration history run against a real engine.
 *
 * @param role        whether the engine's catalog is the truth for it, or it is non-DDL, or excepted
 * @param handWritten changes the catalog cannot show (TRUNCATE, GRANT, a no-op IF EXISTS), expected on top of
 *                    what the catalog shows
 * @param reason      why it is excepted or has hand-written expectations
 * @param onlyOn      the one engine family that accepts it, {@code mariadb} or {@code mysql}; null for both
 */
record CorpusStatement(String sql, Role role, List<Change> handWritten, String reason, String onlyOn) {

    enum Role {
        /** DDL: the catalog (plus any hand-written changes) is the truth. */
        DDL,
        /** Not DDL: the parser must give nothing, the catalog must not change. */
        NON_DDL,
        /** Run to keep the history going, but not compared; {@link #reason()} says why. */
        EXCEPTED
    }

    CorpusStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(role, "role");
        handWritten = List.copyOf(handWritten);
        reason = Objects.requireNonNullElse(reason, "");
    }

    static CorpusStatement ddl(String sql) {
        return new CorpusStatement(sql, Role.DDL, List.of(), "", null);
    }

    static CorpusStatement nonDdl(String sql) {
        return new CorpusStatement(sql, Role.NON_DDL, List.of(), "", null);
    }

    /** DDL whose effect the catalog cannot show; {@code reason} says why, {@code expected} is the truth. */
    static CorpusStatement handWritten(String sql, String reason, Change... expected) {
        return new CorpusStatement(sql, Role.DDL, List.of(expected), reason, null);
    }

    static CorpusStatement excepted(String sql, String reason) {
        return new CorpusStatement(sql, Role.EXCEPTED, List.of(), reason, null);
    }

    /** This statement, run only on MariaDB. */
    CorpusStatement onlyOnMariaDb() {
        return new CorpusStatement(sql, role, handWritten, reason, "mariadb");
    }

    /** This statement, run only on MySQL. */
    CorpusStatement onlyOnMySql() {
        return new CorpusStatement(sql, role, handWritten, reason, "mysql");
    }

    /** Whether it runs on {@code engine} ({@code mariadb} or {@code mysql}). */
    boolean runsOn(String engine) {
        return onlyOn == null || onlyOn.equals(engine);
    }
}
