package io.ddlguard.it;

import io.ddlguard.DdlParser;
import io.ddlguard.dialect.postgres.LockMode;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PlannedLock;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.Dialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.ddlguard.it.Sessions.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PostgresLockPlanner} against reality: each statement runs in a transaction that is rolled back, and
 * the relations it locked ({@code pg_locks} for its own pid) must be exactly the predicted ones.
 */
class PostgresLockPlannerIT {

    private static final String SCHEMA = """
            drop schema if exists app cascade;
            drop schema if exists other cascade;
            create schema app;
            create schema other;
            create table app.parent (id serial primary key, name text);
            create index parent_name_idx on app.parent (name);
            create table app.child (id serial primary key, parent_id int references app.parent, note text);
            create table app.grandchild (id int primary key, child_id int references app.child);
            create view app.child_view as select * from app.child;
            create materialized view app.child_mview as select * from app.child_view;
            create view other.parent_names as select name from app.parent;
            create table app.events (id int, day int) partition by range (day);
            create table app.events_1 partition of app.events for values from (0) to (100);
            create table app.events_2 partition of app.events for values from (100) to (200);
            create index events_id_idx on app.events (id);
            create table app.inh_parent (a int);
            create table app.inh_child () inherits (app.inh_parent);
            create sequence app.shared_seq;
            create table app.numbered (id int default nextval('app.shared_seq'), doc text);
            create table app.secret (owner text);
            alter table app.secret enable row level security;
            create table app.owners (name text);
            create policy secret_owner on app.secret using (owner in (select name from app.owners));
            create table "app"."Mixed Case" (id int primary key);
            """;

    private static DataSource dataSource;

    private final PostgresLockPlanner planner = new PostgresLockPlanner();

    @BeforeAll
    static void createDatabase() {
        dataSource = PostgresServer.newDatabase("lock_planner_it");
    }

    @BeforeEach
    void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            execute(c, SCHEMA);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DROP TABLE app.parent CASCADE",
            "DROP TABLE app.child CASCADE",
            "DROP TABLE app.grandchild",
            "DROP TABLE app.events",
            "DROP TABLE app.events_1",
            "DROP TABLE app.inh_child",
            "DROP TABLE app.inh_parent CASCADE",
            "DROP TABLE app.owners CASCADE",
            "DROP TABLE app.secret",
            "DROP TABLE app.numbered",
            "DROP TABLE \"app\".\"Mixed Case\"",
            "DROP TABLE app.grandchild, app.numbered",
            "DROP INDEX app.parent_name_idx",
            "DROP INDEX app.events_id_idx",
            "DROP VIEW app.child_view CASCADE",
            "DROP MATERIALIZED VIEW app.child_mview",
            "DROP SEQUENCE app.shared_seq CASCADE",
            "DROP SCHEMA other CASCADE",
            "DROP SCHEMA app CASCADE",
            "TRUNCATE app.parent CASCADE",
            "TRUNCATE app.grandchild",
            "TRUNCATE app.events",
            "ALTER TABLE app.child DROP CONSTRAINT child_parent_id_fkey",
            "ALTER TABLE app.grandchild ADD CONSTRAINT gc_parent FOREIGN KEY (id) REFERENCES app.parent",
            "ALTER TABLE app.child ADD COLUMN extra int",
            "ALTER TABLE app.child ALTER COLUMN note SET NOT NULL",
            "ALTER TABLE app.child RENAME TO kid",
            "CREATE INDEX child_note_idx ON app.child (note)",
            "CREATE TRIGGER t BEFORE UPDATE ON app.child FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
    })
    void predictsExactlyTheLocksTheStatementTakes(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            LockPlan plan = planner.plan(c, DdlParser.parse(sql, Dialect.POSTGRESQL).get(0));
            Set<Long> existing = userRelations(c);
            execute(c, sql);
            Map<Long, LockMode> actual = strongLocks(c, existing);
            c.rollback();

            Map<Long, LockMode> predicted = new TreeMap<>();
            plan.locks().stream().filter(PlannedLock::isRelation).forEach(l -> predicted.put(l.oid(), l.mode()));
            assertThat(predicted).as(sql + " planned " + plan.locks() + ", expected: what it locked")
                    .isEqualTo(actual).isNotEmpty();
        }
    }

    @Test
    void dropSchemaAlsoPlansTheSchemasObjectLock() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            LockPlan plan = planner.plan(c, DdlParser.parse("DROP SCHEMA other CASCADE", Dialect.POSTGRESQL).get(0));

            assertThat(plan.locks()).filteredOn(l -> !l.isRelation()).singleElement().satisfies(l -> {
                assertThat(l.name()).isEqualTo("other");
                assertThat(l.mode()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
            });
            assertThat(plan.lockOn("other", "parent_names")).isPresent();
            assertThat(plan.lockOn("app", "parent")).as("dropping a view does not lock what it reads").isEmpty();
        }
    }

    @Test
    void restrictPlansTheDependentsLocksBecausePostgresTakesThemBeforeFailing() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            LockPlan restrict = planner.plan(c, DdlParser.parse("DROP TABLE app.child", Dialect.POSTGRESQL).get(0));
            LockPlan cascade = planner.plan(c,
                    DdlParser.parse("DROP TABLE app.child CASCADE", Dialect.POSTGRESQL).get(0));

            assertThat(restrict.locks()).isEqualTo(cascade.locks());
            assertThat(restrict.lockOn("app", "child_view")).isPresent();
        }
    }

    @Test
    void concurrentFormsTakeAWeakerLockAndWaitOutLockersOfTheTable() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            LockPlan create = planner.plan(c, DdlParser.parse("CREATE INDEX CONCURRENTLY ix ON app.child (note)",
                    Dialect.POSTGRESQL).get(0));
            LockPlan drop = planner.plan(c, DdlParser.parse("DROP INDEX CONCURRENTLY app.parent_name_idx",
                    Dialect.POSTGRESQL).get(0));
            LockPlan plain = planner.plan(c, DdlParser.parse("CREATE INDEX ix ON app.child (note)",
                    Dialect.POSTGRESQL).get(0));

            assertThat(create.waitsForOlderSnapshots()).isTrue();
            assertThat(create.lockOn("app", "child")).map(PlannedLock::mode)
                    .contains(LockMode.SHARE_UPDATE_EXCLUSIVE);
            assertThat(create.lockerWaits()).singleElement().satisfies(w -> {
                assertThat(w.name()).isEqualTo("child");
                assertThat(w.mode()).isEqualTo(LockMode.SHARE);
            });
            assertThat(drop.waitsForOlderSnapshots()).isFalse();
            assertThat(drop.locks()).extracting(PlannedLock::name)
                    .containsExactlyInAnyOrder("parent", "parent_name_idx");
            assertThat(drop.lockerWaits()).singleElement().satisfies(w -> {
                assertThat(w.name()).isEqualTo("parent");
                assertThat(w.mode()).isEqualTo(LockMode.ACCESS_EXCLUSIVE);
            });
            assertThat(plain.waitsForOlderSnapshots()).isFalse();
            assertThat(plain.lockerWaits()).isEmpty();
        }
    }

    @Test
    void objectsThatDoNotExistGiveAnEmptyPlan() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (String sql : new String[] {"DROP TABLE IF EXISTS app.missing", "DROP SCHEMA IF EXISTS nowhere CASCADE",
                    "DROP INDEX IF EXISTS missing_idx", "TRUNCATE nowhere.t"}) {
                assertThat(planner.plan(c, DdlParser.parse(sql, Dialect.POSTGRESQL).get(0)).isEmpty()).as(sql).isTrue();
            }
        }
    }

    @Test
    void unqualifiedNamesResolveThroughTheSearchPath() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            execute(c, "set search_path = app");
            LockPlan plan = planner.plan(c, DdlParser.parse("DROP TABLE Grandchild", Dialect.POSTGRESQL).get(0));

            assertThat(plan.lockOn("app", "grandchild")).isPresent();
            assertThat(plan.lockOn("app", "child")).isPresent();
        }
    }

    /** The user relations that exist now: those a statement's locks are compared on. */
    static Set<Long> userRelations(Connection c) throws SQLException {
        Set<Long> oids = new HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select oid from pg_class where oid >= 16384")) {
            while (rs.next()) {
                oids.add(rs.getLong(1));
            }
        }
        return oids;
    }

    /** The relations this transaction locked that existed before, in a mode stronger than ROW SHARE. */
    static Map<Long, LockMode> strongLocks(Connection c, Set<Long> existing) throws SQLException {
        Map<Long, LockMode> locks = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select relation::oid::bigint, mode from pg_locks where pid = pg_backend_pid() and locktype = 'relation'")) {
            while (rs.next()) {
                long oid = rs.getLong(1);
                LockMode mode = LockMode.fromPgName(rs.getString(2)).orElseThrow();
                if (existing.contains(oid)) {
                    locks.merge(oid, mode, (a, b) -> a.ordinal() >= b.ordinal() ? a : b);
                }
            }
        }
        return locks.entrySet().stream().filter(e -> e.getValue().ordinal() > LockMode.ROW_SHARE.ordinal())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
}
