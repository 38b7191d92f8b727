package io.ddlguard.it;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.postgres.LockConflict;
import io.ddlguard.dialect.postgres.LockMode;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PostgresLockInspector;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.ddlguard.it.Sessions.execute;
import static io.ddlguard.it.Sessions.pid;
import static io.ddlguard.it.Sessions.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PostgresLockPlanner} and {@link PostgresLockInspector} on a connection that logs in as a plain role:
 * not a superuser, not a member of {@code pg_read_all_stats}, with {@code USAGE} on the planned schema and no
 * privilege on any table. The holders belong to the superuser {@code postgres} or to another plain role.
 */
class PostgresLockInspectorLowPrivilegeIT {

    private static final String INSPECTOR = "ddlguard_low_inspector";
    private static final String APP = "ddlguard_low_app";

    private static DataSource superuser;
    private static DataSource asInspector;
    private static DataSource asApp;

    private final PostgresLockPlanner planner = new PostgresLockPlanner();
    private final PostgresLockInspector inspector = new PostgresLockInspector();
    private Sessions sessions;
    private Sessions appSessions;
    private Connection ddl;

    @BeforeAll
    static void createDatabaseAndRoles() throws SQLException {
        String database = "lock_inspector_low_it";
        superuser = PostgresServer.newDatabase(database);
        try (Connection c = superuser.getConnection()) {
            for (String role : List.of(INSPECTOR, APP)) {
                // Roles are cluster-wide and outlive the database, which newDatabase drops on a rerun.
                execute(c, "do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then "
                        + "create role " + role + " login nosuperuser; end if; end $$");
            }
            execute(c, """
                    create schema app;
                    create table app.parent (id int primary key, name text);
                    insert into app.parent select g, 'p' || g from generate_series(1, 10) g;
                    create schema hidden;
                    create table hidden.secret (id int);
                    grant usage on schema app to %1$s, %2$s;
                    grant select, update on app.parent to %2$s;
                    """.formatted(INSPECTOR, APP));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select pg_has_role('" + INSPECTOR + "', 'pg_read_all_stats', 'member'), rolsuper "
                            + "from pg_roles where rolname = '" + INSPECTOR + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("member of pg_read_all_stats").isFalse();
                assertThat(rs.getBoolean(2)).as("superuser").isFalse();
            }
        }
        asInspector = PostgresServer.dataSource(database, INSPECTOR);
        asApp = PostgresServer.dataSource(database, APP);
    }

    @BeforeEach
    void openSessions() throws SQLException {
        sessions = new Sessions(superuser);
        appSessions = new Sessions(asApp);
        ddl = new Sessions(asInspector).autocommit("ddl");
    }

    @AfterEach
    void endSessions() throws SQLException {
        try {
            sessions.close();
            appSessions.close();
        } finally {
            ddl.close();
        }
    }

    private LockPlan plan(String sql) throws SQLException {
        return planner.plan(ddl, DdlParser.parse(sql, Dialect.POSTGRESQL).get(0));
    }

    @Test
    void theInspectingRoleIsWhatTheTestSaysItIs() throws SQLException {
        try (Statement s = ddl.createStatement(); ResultSet rs = s.executeQuery("select current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(INSPECTOR);
        }
    }

    @Test
    void aSuperusersReaderIsFoundWithPidUserAndApplicationNameButNoSessionDetails() throws SQLException {
        Connection reader = sessions.inTransaction("superuser-report");
        readAll(reader, "select * from app.parent");

        LockPlan plan = plan("DROP TABLE app.parent");
        try (Connection c = superuser.getConnection()) {
            LockPlan asSuperuser = planner.plan(c, plan.element());
            assertThat(plan.locks()).isNotEmpty().isEqualTo(asSuperuser.locks());
        }
        List<LockConflict> holders = inspector.holders(ddl, plan);

        assertThat(holders).isNotEmpty().allSatisfy(h -> {
            assertThat(h.pid()).contains(pid(reader));
            assertThat(h.user()).contains("postgres");
            assertThat(h.applicationName()).contains("superuser-report");
            assertThat(h.superuser()).isTrue();
            assertThat(h.visibility()).isEqualTo(LockConflict.Visibility.PRIVILEGE_HIDDEN);
            assertThat(h.state()).isEmpty();
            assertThat(h.query()).isEmpty();
            assertThat(h.transactionStart()).isEmpty();
            assertThat(h.clientAddress()).isEmpty();
            assertThat(h.stateChange()).isEmpty();
            assertThat(h.backendType()).isEmpty();
            assertThat(h.backendStart()).isEmpty();
            assertThat(h.mode()).isEqualTo(LockMode.ACCESS_SHARE);
            assertThat(h.granted()).isTrue();
            assertThat(h.rootPid()).contains(pid(reader));
            assertThat(h.cause()).isEqualTo(LockConflict.Cause.LOCK);
        });
        assertThat(holders).extracting(h -> h.target().displayName()).contains("app.parent");
    }

    @Test
    void anotherPlainRolesWriterIsFoundToo() throws SQLException {
        Connection writer = appSessions.inTransaction("app-writer");
        readAll(writer, "select * from app.parent for update");

        List<LockConflict> holders = inspector.holders(ddl, plan("ALTER TABLE app.parent ADD COLUMN note text"));

        assertThat(holders).singleElement().satisfies(h -> {
            assertThat(h.pid()).contains(pid(writer));
            assertThat(h.user()).contains(APP);
            assertThat(h.applicationName()).contains("app-writer");
            assertThat(h.superuser()).isFalse();
            assertThat(h.visibility()).isEqualTo(LockConflict.Visibility.PRIVILEGE_HIDDEN);
            assertThat(h.mode()).isEqualTo(LockMode.ROW_SHARE);
        });
    }

    @Test
    void anOlderSnapshotIsFoundBecauseBackendXminIsReadableByEveryRole() throws SQLException {
        Connection snapshot = sessions.inTransaction("superuser-snapshot");
        readAll(snapshot, "select 1");

        List<LockConflict> holders =
                inspector.holders(ddl, plan("CREATE INDEX CONCURRENTLY parent_name_idx ON app.parent (name)"));

        assertThat(holders).singleElement().satisfies(h -> {
            assertThat(h.cause()).isEqualTo(LockConflict.Cause.OLDER_SNAPSHOT);
            assertThat(h.pid()).contains(pid(snapshot));
            assertThat(h.user()).contains("postgres");
            assertThat(h.visibility()).isEqualTo(LockConflict.Visibility.PRIVILEGE_HIDDEN);
        });
    }

    @Test
    void planningANameInASchemaWithoutUsageFails() {
        assertThatThrownBy(() -> plan("DROP TABLE hidden.secret"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    @Test
    void anUnqualifiedNameInASchemaWithoutUsageIsSilentlyNotFound() throws SQLException {
        execute(ddl, "set search_path = hidden, app");

        assertThat(plan("DROP TABLE secret").isEmpty()).isTrue();
        assertThat(plan("DROP TABLE parent").lockOn("app", "parent")).isPresent();
    }

    @Test
    void planningADropSchemaNeedsNoUsageOnIt() throws SQLException {
        assertThat(plan("DROP SCHEMA hidden CASCADE").locks()).extracting(l -> l.displayName())
                .contains("hidden", "hidden.secret");
    }
}
