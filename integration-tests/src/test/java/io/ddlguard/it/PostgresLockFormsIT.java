package io.ddlguard.it;

import io.ddlguard.dialect.postgres.LockMode;
import io.ddlguard.dialect.postgres.LockPlan;
import io.ddlguard.dialect.postgres.PlannedLock;
import io.ddlguard.dialect.postgres.PostgresLockPlanner;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.StatementParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.ddlguard.it.Sessions.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forms {@code PostgresLockForms} plans, against reality, as {@link PostgresLockPlannerIT} checks the element
 * model's: each statement runs in a transaction that is rolled back, and every relation that existed before and
 * that it locked in a mode stronger than {@code RowShareLock} must be predicted, in that mode, and nothing else.
 * (The weaker modes conflict only with {@code ExclusiveLock} and {@code AccessExclusiveLock}; a plan may list them,
 * and neither side counts them here.)
 */
class PostgresLockFormsIT {

    private static final String SCHEMA = """
            drop schema if exists forms cascade;
            drop schema if exists elsewhere cascade;
            create schema forms;
            create schema elsewhere;
            create table t (id serial primary key, c text, n int);
            alter table t add constraint t_n_check check (n > 0) not valid;
            create index t_c_idx on t (c);
            create table ref (id int primary key);
            create table fkt (id int primary key, ref_id int);
            alter table fkt add constraint fkt_ref_fk foreign key (ref_id) references ref not valid;
            create table fkt2 (id int, ref_id int constraint fkt2_fk references ref);
            create function trgf() returns trigger language plpgsql as $$ begin return new; end $$;
            create trigger trg before update on t for each row execute function trgf();
            create table rt (id int);
            create rule rt_r as on insert to rt do instead nothing;
            create policy t_pol on t using (n > 0);
            create view v as select id, c from t;
            create materialized view mv as select id, c from t;
            create unique index mv_id_idx on mv (id);
            create sequence sq;
            create table p (id int, v text) partition by range (id);
            create index p_id_idx on p (id);
            create table p1 partition of p for values from (0) to (100);
            create table p2 partition of p for values from (100) to (200);
            create table pdef partition of p default;
            create table pz (id int, v text);
            create table inh_parent (a int);
            create table inh_child () inherits (inh_parent);
            create table orphan (a int);
            create type ty as (a int, b text);
            create table tyuse (id int, x ty);
            create type mood as enum ('ok', 'bad');
            create table euse (id int, m mood);
            create domain dom as int check (value > 0);
            create table duse (id int, d dom);
            create function fdef() returns int language sql as 'select 1';
            create table fu_def (id int default fdef());
            create function fchk(int) returns boolean language sql as 'select $1 > 0';
            create table fu_chk (id int check (fchk(id)));
            create function fview() returns int language sql as 'select 2';
            create view fu_v as select fview() as x;
            """;

    private static DataSource dataSource;
    private final PostgresLockPlanner planner = new PostgresLockPlanner();

    @BeforeAll
    static void createDatabase() throws SQLException {
        dataSource = PostgresServer.newDatabase("lock_forms_it");
        try (Connection c = dataSource.getConnection()) {
            execute(c, "do $$ begin create role forms_owner; exception when duplicate_object then null; end $$");
            execute(c, "alter database lock_forms_it set search_path = forms");
        }
    }

    @BeforeEach
    void createSchema() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            execute(c, SCHEMA);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE t OWNER TO forms_owner",
            "ALTER TABLE t SET TABLESPACE pg_default",
            "ALTER TABLE t ENABLE TRIGGER trg",
            "ALTER TABLE t DISABLE TRIGGER ALL",
            "ALTER TABLE rt DISABLE RULE rt_r",
            "ALTER TABLE t ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE t NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE t VALIDATE CONSTRAINT t_n_check",
            "ALTER TABLE fkt VALIDATE CONSTRAINT fkt_ref_fk",
            "ALTER TABLE t RENAME CONSTRAINT t_n_check TO t_n_positive",
            "ALTER TABLE fkt2 ALTER CONSTRAINT fkt2_fk DEFERRABLE",
            "ALTER TABLE t SET (fillfactor = 70)",
            "ALTER TABLE t RESET (fillfactor)",
            "ALTER TABLE t SET (fillfactor = 70, autovacuum_enabled = false)",
            "ALTER TABLE t REPLICA IDENTITY FULL",
            "ALTER TABLE t CLUSTER ON t_pkey",
            "ALTER TABLE t SET WITHOUT CLUSTER",
            "ALTER TABLE orphan INHERIT inh_parent",
            "ALTER TABLE inh_child NO INHERIT inh_parent",
            "ALTER TABLE p ATTACH PARTITION pz FOR VALUES FROM (200) TO (300)",
            "ALTER TABLE p DETACH PARTITION p1",
            "ALTER TABLE t ALTER COLUMN n SET STATISTICS 100",
            "ALTER TABLE t ALTER COLUMN n SET (n_distinct = 10)",
            "ALTER TABLE t SET SCHEMA elsewhere",
            "ALTER TABLE t ADD COLUMN x int, DISABLE TRIGGER trg",
            "ALTER INDEX t_c_idx RENAME TO t_c_idx2",
            "ALTER INDEX t_c_idx SET (fillfactor = 70)",
            "ALTER INDEX t_c_idx SET TABLESPACE pg_default",
            "ALTER VIEW v RENAME TO v2",
            "ALTER VIEW v OWNER TO forms_owner",
            "ALTER VIEW v SET SCHEMA elsewhere",
            "ALTER VIEW v ALTER COLUMN id SET DEFAULT 1",
            "ALTER SEQUENCE sq RENAME TO sq2",
            "ALTER SEQUENCE sq RESTART",
            "ALTER SEQUENCE sq OWNED BY t.n",
            "ALTER SEQUENCE sq OWNER TO forms_owner",
            "ALTER MATERIALIZED VIEW mv RENAME TO mv2",
            "ALTER MATERIALIZED VIEW mv SET SCHEMA elsewhere",
            "REINDEX INDEX t_c_idx",
            "REINDEX TABLE t",
            "REFRESH MATERIALIZED VIEW mv",
            "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
            "CLUSTER t USING t_pkey",
            "ANALYZE t",
            "ANALYZE p",
            "LOCK TABLE t IN SHARE MODE",
            "LOCK TABLE p IN ROW EXCLUSIVE MODE",
            "LOCK TABLE ONLY p IN EXCLUSIVE MODE",
            "LOCK TABLE inh_parent",
            "CREATE TRIGGER trg2 BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION trgf()",
            "CREATE TRIGGER ptrg BEFORE UPDATE ON p FOR EACH ROW EXECUTE FUNCTION trgf()",
            "CREATE TRIGGER vtrg INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION trgf()",
            "DROP TRIGGER trg ON t",
            "ALTER TRIGGER trg ON t RENAME TO trg_x",
            "CREATE POLICY t_pol2 ON t USING (n > 0)",
            "DROP POLICY t_pol ON t",
            "ALTER POLICY t_pol ON t USING (n > 1)",
            "CREATE RULE rt_r2 AS ON INSERT TO rt DO INSTEAD NOTHING",
            "DROP RULE rt_r ON rt",
            "ALTER RULE rt_r ON rt RENAME TO rt_r_x",
            "CREATE OR REPLACE RULE rt_r AS ON DELETE TO rt DO INSTEAD NOTHING",
            "COMMENT ON TABLE t IS 'facts'",
            "COMMENT ON COLUMN t.c IS 'facts'",
            "COMMENT ON INDEX t_c_idx IS 'facts'",
            "COMMENT ON VIEW v IS 'facts'",
            "COMMENT ON MATERIALIZED VIEW mv IS 'facts'",
            "COMMENT ON SEQUENCE sq IS 'facts'",
            "COMMENT ON CONSTRAINT t_n_check ON t IS 'facts'",
            "CREATE TABLE p3 PARTITION OF p FOR VALUES FROM (300) TO (400)",
            "CREATE TABLE inh_c2 () INHERITS (inh_parent)",
            "CREATE TABLE likt (LIKE t INCLUDING ALL)",
            "CREATE TABLE newfk (id int REFERENCES ref, t_id int REFERENCES t)",
            "DROP TYPE ty CASCADE",
            "DROP TYPE mood CASCADE",
            "DROP DOMAIN dom CASCADE",
            "DROP FUNCTION trgf() CASCADE",
            "DROP FUNCTION fdef CASCADE",
            "DROP FUNCTION fchk(int) CASCADE",
            "DROP FUNCTION IF EXISTS fview(), missing_function() CASCADE",
            "ALTER TYPE ty ADD ATTRIBUTE c int",
            "ALTER TYPE ty RENAME TO ty2",
            "ALTER TYPE mood ADD VALUE 'meh'",
    })
    void predictsExactlyTheStrongLocksTheStatementTakes(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<DdlElement> elements = StatementParser.guarded(sql, Dialect.POSTGRESQL);
            Map<Long, LockMode> predicted = new TreeMap<>();
            for (DdlElement element : elements) {
                assertThat(PostgresLockPlanner.readsCatalog(element)).as("%s is planned", element).isTrue();
                LockPlan plan = planner.plan(c, element);
                plan.locks().stream().filter(PlannedLock::isRelation).filter(l -> strong(l.mode()))
                        .forEach(l -> predicted.merge(l.oid(), l.mode(), (a, b) -> a.ordinal() >= b.ordinal() ? a : b));
            }
            Set<Long> existing = PostgresLockPlannerIT.userRelations(c);
            execute(c, sql);
            Map<Long, LockMode> actual = PostgresLockPlannerIT.strongLocks(c, existing);
            c.rollback();

            assertThat(names(c, predicted)).as(sql + ": what the plan predicts (actual), what it locked (expected)")
                    .isEqualTo(names(c, actual));
        }
    }

    private static boolean strong(LockMode mode) {
        return mode.ordinal() > LockMode.ROW_SHARE.ordinal();
    }

    /** The locks by relation name, for a readable failure. */
    private static Map<String, LockMode> names(Connection c, Map<Long, LockMode> locks) throws SQLException {
        Map<String, LockMode> named = new TreeMap<>();
        for (Map.Entry<Long, LockMode> e : locks.entrySet()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "select coalesce((select relname::text from pg_class where oid = " + e.getKey() + "), 'oid "
                            + e.getKey() + "')")) {
                rs.next();
                named.put(rs.getString(1), e.getValue());
            }
        }
        return named;
    }
}
