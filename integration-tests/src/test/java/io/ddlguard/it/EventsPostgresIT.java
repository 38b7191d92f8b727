package io.ddlguard.it;

import com.zaxxer.hikari.HikariDataSource;
import io.ddlguard.DdlGuard;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.ExecuteIf;
import io.ddlguard.event.Target;
import io.ddlguard.element.Ddl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ddlguard.it.PooledDatabase.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 3's "Show it" where only PostgreSQL can show it: catalog-driven predicates over a create–drop–create
 * cycle, triggers made by a listener, schema-qualified and quoted names, transactional DDL shared with the
 * listeners, and the driver's own exception and connection types through HikariCP and the guard.
 */
class EventsPostgresIT {

    private static HikariDataSource pool;

    @BeforeAll
    static void openPool() {
        pool = POSTGRESQL.open("events_postgres", 3);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    static DataSource guarded(DdlEvents events) {
        return DdlGuard.builder().events(events).build().wrap(pool);
    }

    static void run(DataSource ds, String... sqls) throws SQLException {
        EventsSemanticsIT.run(ds, sqls);
    }

    static boolean constraintExists(Connection c, String table, String constraint) throws SQLException {
        return POSTGRESQL.constraintExists(c, table, constraint);
    }

    static String queryString(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    @Nested
    class CatalogPredicates {

        /** What the predicates saw, kept so the test can check it is the state object they were given. */
        static final class Seen {
            final List<Object> states = new CopyOnWriteArrayList<>();
            final List<String> decisions = new CopyOnWriteArrayList<>();
        }

        @Test
        void shouldCreateAndShouldDropKeepTheConstraintRightOverACreateDropCreateCycle() throws SQLException {
            Seen seen = new Seen();
            ExecuteIf.Predicate shouldCreate = (element, target, connection, ctx) -> {
                seen.states.add(ctx.state());
                boolean create = !constraintExists(connection, "members", "cst_member_name_length");
                seen.decisions.add("create " + create);
                return create;
            };
            ExecuteIf.Predicate shouldDrop = (element, target, connection, ctx) -> {
                seen.states.add(ctx.state());
                boolean drop = constraintExists(connection, "members", "cst_member_name_length");
                seen.decisions.add("drop " + drop);
                return drop;
            };
            DdlEvents events = new DdlEvents();
            events.listen(Target.table("members"), DdlEvent.AFTER_CREATE,
                    Ddl.of("ALTER TABLE %(table)s ADD CONSTRAINT cst_member_name_length CHECK (length(name) >= 8)")
                            .executeIf(ExecuteIf.when(shouldCreate, seen)));
            events.listen(Target.table("members"), DdlEvent.BEFORE_DROP,
                    Ddl.of("ALTER TABLE %(table)s DROP CONSTRAINT cst_member_name_length")
                            .executeIf(ExecuteIf.when(shouldDrop, seen)));
            // Registered after the conditional drop, so it sees what that left behind on the same connection.
            events.listen(Target.table("members"), DdlEvent.BEFORE_DROP, ctx ->
                    seen.decisions.add("still there " + constraintExists(ctx.connection(), "members",
                            "cst_member_name_length")));
            DataSource ds = guarded(events);

            List<Boolean> existsAfterCreate = new ArrayList<>();
            run(ds, "CREATE TABLE members (id int PRIMARY KEY, name text)");
            try (Connection c = pool.getConnection()) {
                existsAfterCreate.add(constraintExists(c, "members", "cst_member_name_length"));
            }
            run(ds, "DROP TABLE members");
            run(ds, "CREATE TABLE members (id int PRIMARY KEY, name text)");
            try (Connection c = pool.getConnection()) {
                existsAfterCreate.add(constraintExists(c, "members", "cst_member_name_length"));
            }

            assertThat(existsAfterCreate).containsExactly(true, true);
            assertThat(seen.decisions).containsExactly("create true", "drop true", "still there false", "create true");
            assertThat(seen.states).hasSize(3).allSatisfy(state -> assertThat(state).isSameAs(seen));
            assertThatThrownBy(() -> run(pool, "INSERT INTO members VALUES (1, 'bob')"))
                    .hasMessageContaining("cst_member_name_length");
        }
    }

    @Nested
    class Triggers {

        @Test
        void aTriggerCreatedAfterCreateFiresOnInsert() throws SQLException {
            DdlEvents events = new DdlEvents();
            events.listen(Target.table("accounts"), DdlEvent.AFTER_CREATE, Ddl.of(
                    "CREATE FUNCTION %(table)s_upper_name() RETURNS trigger LANGUAGE plpgsql AS $$"
                            + " BEGIN NEW.name := upper(NEW.name); RETURN NEW; END $$"));
            events.listen(Target.table("accounts"), DdlEvent.AFTER_CREATE, Ddl.of(
                    "CREATE TRIGGER %(table)s_upper_name BEFORE INSERT ON %(fullname)s"
                            + " FOR EACH ROW EXECUTE FUNCTION %(table)s_upper_name()"));
            DataSource ds = guarded(events);

            run(ds, "CREATE TABLE accounts (id int PRIMARY KEY, name text)",
                    "INSERT INTO accounts VALUES (1, 'alice')");

            assertThat(queryString(pool, "SELECT name FROM accounts WHERE id = 1")).isEqualTo("ALICE");
            assertThat(queryString(pool, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'accounts'::regclass"
                    + " AND NOT tgisinternal")).isEqualTo("accounts_upper_name");
        }
    }

    @Nested
    class Names {

        @Test
        void aSchemaQualifiedTableFillsSchemaAndFullname() throws SQLException {
            DdlEvents events = new DdlEvents();
            events.listen(Target.table("billing", "ledger"), DdlEvent.AFTER_CREATE,
                    Ddl.of("COMMENT ON TABLE %(fullname)s IS 'schema=%(schema)s table=%(table)s'"));
            run(pool, "CREATE SCHEMA billing");

            run(guarded(events), "CREATE TABLE billing.ledger (id int)");

            assertThat(queryString(pool, "SELECT obj_description('billing.ledger'::regclass, 'pg_class')"))
                    .isEqualTo("schema=billing table=ledger");
        }

        @Test
        void aQuotedMixedCaseNameStaysQuotedInTheListenersDdl() throws SQLException {
            DdlEvents events = new DdlEvents();
            List<String> heardUnquoted = new CopyOnWriteArrayList<>();
            events.listen(Target.table("\"MixedCase\""), DdlEvent.AFTER_CREATE,
                    Ddl.of("ALTER TABLE %(fullname)s ADD COLUMN added_by_listener int DEFAULT 7"));
            // Unquoted, the name folds to mixedcase: another table in PostgreSQL.
            events.listen(Target.table("MixedCase"), DdlEvent.AFTER_CREATE, ctx -> heardUnquoted.add("heard"));

            run(guarded(events), "CREATE TABLE \"MixedCase\" (id int)", "INSERT INTO \"MixedCase\" (id) VALUES (1)");

            assertThat(queryString(pool, "SELECT added_by_listener FROM \"MixedCase\"")).isEqualTo("7");
            assertThat(heardUnquoted).isEmpty();
            try (Connection c = pool.getConnection()) {
                assertThat(POSTGRESQL.tableExists(c, "mixedcase")).isFalse();
            }
        }
    }

    @Nested
    class Transactions {

        @Test
        void listenersShareTheCallersSessionAndTransactionSoRollbackUndoesTheirDdlToo() throws SQLException {
            DdlEvents events = new DdlEvents();
            List<Long> listenerPids = new CopyOnWriteArrayList<>();
            events.listen(Target.table("tx_main"), DdlEvent.BEFORE_CREATE,
                    ctx -> listenerPids.add(PooledDatabase.single(ctx.connection(), "SELECT pg_backend_pid()")));
            events.listen(Target.table("tx_main"), DdlEvent.AFTER_CREATE,
                    Ddl.of("CREATE TABLE %(table)s_side (id int)"));
            DataSource ds = guarded(events);

            long applicationPid;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                applicationPid = PooledDatabase.single(c, "SELECT pg_backend_pid()");
                s.execute("CREATE TABLE tx_main (id int)");
                assertThat(POSTGRESQL.tableExists(c, "tx_main")).isTrue();
                assertThat(POSTGRESQL.tableExists(c, "tx_main_side")).isTrue();
                try (Connection other = pool.getConnection()) {
                    assertThat(POSTGRESQL.tableExists(other, "tx_main")).as("uncommitted, so unseen elsewhere")
                            .isFalse();
                }
                c.rollback();
                c.setAutoCommit(true);
            }

            assertThat(listenerPids).containsExactly(applicationPid);
            try (Connection c = pool.getConnection()) {
                assertThat(POSTGRESQL.tableExists(c, "tx_main")).isFalse();
                assertThat(POSTGRESQL.tableExists(c, "tx_main_side")).isFalse();
            }
        }
    }

    @Nested
    class DriverTypes {

        @Test
        void aMissingTableReachesTheCallerAsPgjdbcsOwnException() throws SQLException {
            DdlEvents events = new DdlEvents();
            List<String> after = new CopyOnWriteArrayList<>();
            events.listen(Target.anyTable(), DdlEvent.AFTER_DROP, ctx -> after.add("after"));

            assertThatThrownBy(() -> run(guarded(events), "DROP TABLE no_such_table"))
                    .isExactlyInstanceOf(PSQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
            assertThat(after).isEmpty();
        }

        @Test
        void pgjdbcsConnectionIsReachableThroughTheGuardAndThePool() throws SQLException {
            DataSource ds = guarded(new DdlEvents());

            assertThat(ds.unwrap(HikariDataSource.class)).isSameAs(pool);
            try (Connection c = ds.getConnection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                assertThat((long) pg.getBackendPID()).isEqualTo(PooledDatabase.single(c, "SELECT pg_backend_pid()"));
            }
        }
    }
}
