package io.ddlguard.it;

import io.ddlguard.dialect.postgres.LockMode;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LockMode#conflictsWith} against the server for all 64 pairs: session A holds {@code LOCK TABLE t IN
 * <held> MODE} in a transaction, session B, under a 50 ms {@code lock_timeout}, requests {@code <requested>}
 * on the same table and must fail with 55P03 exactly when the matrix says the two conflict. Two connections
 * serve every pair; both roll back between pairs.
 */
class PostgresLockModeMatrixIT {

    private static String sqlName(LockMode mode) {
        return mode.name().replace('_', ' ');
    }

    @Test
    void everyPairConflictsOnTheServerExactlyWhenTheMatrixSaysSo() throws SQLException {
        DataSource dataSource = PostgresServer.newDatabase("lock_mode_matrix_it");
        try (Connection setup = dataSource.getConnection()) {
            execute(setup, "create table t (id int)");
        }
        try (Sessions sessions = new Sessions(dataSource)) {
            Connection holder = sessions.inTransaction("holder");
            Connection requester = sessions.autocommit("requester");
            execute(requester, "set lock_timeout = '50ms'");
            requester.setAutoCommit(false);

            List<String> mismatches = new ArrayList<>();
            int conflicts = 0;
            long started = System.nanoTime();
            for (LockMode held : LockMode.values()) {
                for (LockMode requested : LockMode.values()) {
                    execute(holder, "lock table t in " + sqlName(held) + " mode");
                    assertThat(heldMode(requester, pid(holder))).as("pg_locks.mode for " + held)
                            .isEqualTo(held.pgName());
                    boolean waited;
                    try {
                        execute(requester, "lock table t in " + sqlName(requested) + " mode");
                        waited = false;
                    } catch (SQLException e) {
                        assertThat(e.getSQLState()).as(requested + " after " + held).isEqualTo("55P03");
                        waited = true;
                    }
                    requester.rollback();
                    holder.rollback();
                    conflicts += waited ? 1 : 0;
                    if (waited != requested.conflictsWith(held)) {
                        mismatches.add(String.format(Locale.ROOT, "%s requested while %s held: server %s, matrix %s",
                                requested, held, waited ? "waits" : "grants",
                                requested.conflictsWith(held) ? "conflict" : "no conflict"));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "64 lock mode pairs, %d conflicts, checked in %d ms%n", conflicts,
                    (System.nanoTime() - started) / 1_000_000);

            assertThat(mismatches).isEmpty();
            assertThat(conflicts).isEqualTo(38);
        }
    }

    /** The mode {@code pid} holds on {@code t}, read in {@code observer}'s (rolled back) transaction. */
    private static String heldMode(Connection observer, int pid) throws SQLException {
        try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                "select mode from pg_locks where locktype = 'relation' and relation = 't'::regclass and pid = " + pid)) {
            assertThat(rs.next()).isTrue();
            String mode = rs.getString(1);
            assertThat(rs.next()).as("one lock").isFalse();
            return mode;
        }
    }
}
