package io.ddlguard.it;

import io.ddlguard.DdlGuard;
import io.ddlguard.DropBlockedException;
import io.ddlguard.DropPolicy;
import io.ddlguard.LockHolder;
import io.ddlguard.element.Ddl;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.event.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Hostile table names on real servers: a {@link Ddl} template naming them runs exactly one statement, the guard's
 * lock queries take them as bound values (a guarded DROP of such a table is refused naming its holder, and the
 * table {@code victim} the names try to drop stays), and the report never holds the password of the JDBC URL.
 * Multi-statement text is allowed on both servers (pgjdbc's simple queries, MariaDB's {@code allowMultiQueries}),
 * so an injected statement would run.
 */
class HostileNamesIT {

    private static final String SECRET = "hunter2-Sup3r-s3cret";

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        DataSource plain;
        DdlGuard guard;
        DataSource guarded;
        final List<Connection> open = new ArrayList<>();

        abstract Dialect dialect();

        abstract List<String> names();

        /** A data source whose JDBC URL carries {@link #SECRET} as its password. */
        abstract DataSource createDatabase() throws SQLException;

        /** Tables of the test's schema. */
        abstract long tableCount(Connection c) throws SQLException;

        abstract boolean tableExists(Connection c, String name) throws SQLException;

        /** The schema (PostgreSQL) or database (MariaDB) the tables live in. */
        abstract String schema();

        @BeforeAll
        void createServerDatabase() throws SQLException {
            plain = createDatabase();
        }

        @BeforeEach
        void createVictim() throws SQLException {
            guard = DdlGuard.builder().name("hostile").dropPolicy(DropPolicy.FAIL).lockWait(Duration.ofSeconds(1))
                    .attemptTimeout(Duration.ofMillis(200)).build();
            guarded = guard.wrap(plain);
            try (Connection c = plain.getConnection(); Statement s = c.createStatement()) {
                for (String name : names()) {
                    s.execute("DROP TABLE IF EXISTS " + qualified(name));
                }
                s.execute("DROP TABLE IF EXISTS " + qualified("victim"));
                s.execute("CREATE TABLE " + qualified("victim") + " (id int)");
                s.execute("INSERT INTO " + qualified("victim") + " VALUES (1)");
            }
        }

        @AfterEach
        void closeConnections() throws SQLException {
            for (Connection c : open) {
                if (!c.isClosed()) {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                    c.close();
                }
            }
            open.clear();
        }

        String qualified(String name) {
            return dialect().quote(schema()) + "." + dialect().quote(name);
        }

        Target target(String name) {
            return Target.of(ObjectKind.TABLE, QualifiedName.of(Identifier.quoted(schema()), Identifier.quoted(name)));
        }

        Connection borrow(DataSource ds, boolean autoCommit) throws SQLException {
            Connection c = ds.getConnection();
            open.add(c);
            c.setAutoCommit(autoCommit);
            return c;
        }

        @Test
        void aHostileNamedDdlRunsExactlyOneStatement() throws SQLException {
            Connection c = borrow(guarded, true);
            long before = tableCount(c);
            for (String name : names()) {
                String sql = Ddl.of("CREATE TABLE %(fullname)s (a int)").render(target(name), null, dialect());
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                assertThat(tableExists(c, name)).as("%s created by %s", name, sql).isTrue();
            }
            assertThat(tableCount(c)).as("one table per statement, nothing else").isEqualTo(before + names().size());
            assertThat(tableExists(c, "victim")).isTrue();
        }

        @Test
        void aGuardedDropOfAHostileNamedTableNamesItsHolderAndLeavesTheVictim() throws SQLException {
            Connection ddl = borrow(guarded, true);
            for (String name : names()) {
                try (Statement s = ddl.createStatement()) {
                    s.execute("CREATE TABLE " + qualified(name) + " (a int)");
                }
                Connection holder = borrow(guarded, false);
                try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM "
                        + qualified(name))) {
                    rs.next();
                }

                DropBlockedException e = catchThrowableOfType(DropBlockedException.class, () -> {
                    try (Statement s = ddl.createStatement()) {
                        s.execute("DROP TABLE " + qualified(name));
                    }
                });

                assertThat((Throwable) e).as("the DROP of %s", name).isNotNull();
                assertThat(e.blockers()).as(e.getMessage()).anySatisfy(h -> {
                    assertThat(h.relation()).containsAnyOf(name, dialect().quote(name));
                    assertThat(h.origin()).isPresent();
                });
                assertThat(tableExists(ddl, name)).isTrue();
                assertThat(tableExists(ddl, "victim")).isTrue();
                assertNoSecret(e);
                holder.rollback();
                try (Statement s = ddl.createStatement()) {
                    s.execute("DROP TABLE " + qualified(name));
                }
                assertThat(tableExists(ddl, name)).isFalse();
            }
            assertThat(tableExists(ddl, "victim")).isTrue();
        }

        /** A statement a holder may run last, inside its transaction, that carries {@link #SECRET}. */
        abstract String statementWithSecret();

        @Test
        void aHoldersLastStatementIsShownWithItsPasswordMasked() throws SQLException {
            Connection holder = borrow(guarded, false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT * FROM " + qualified("victim")).close();
                s.execute(statementWithSecret());
            }
            Connection ddl = borrow(guarded, true);

            DropBlockedException e = catchThrowableOfType(DropBlockedException.class, () -> {
                try (Statement s = ddl.createStatement()) {
                    s.execute("DROP TABLE " + qualified("victim"));
                }
            });

            assertThat((Throwable) e).isNotNull();
            assertThat(e.blockers()).anySatisfy(h -> assertThat(h.query()).hasValueSatisfying(
                    q -> assertThat(q).contains("'***'")));
            assertThat(e.getMessage()).contains("last query: ").contains("'***'");
            assertNoSecret(e);
        }

        private static void assertNoSecret(DropBlockedException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
            assertThat(LockHolder.describe(e.blockers(), Instant.now())).doesNotContain(SECRET);
            for (LockHolder h : e.blockers()) {
                assertThat(h.toString()).doesNotContain(SECRET);
            }
        }
    }

    @Nested
    class Postgres extends Scenarios {

        @Override
        Dialect dialect() {
            return Dialect.POSTGRESQL;
        }

        @Override
        List<String> names() {
            return List.of("a'; drop table hostile.victim; --", "b\"; drop table hostile.victim; --",
                    "c*/; drop table hostile.victim; /*", "d$$; drop table hostile.victim; $$",
                    "e\\'; drop table hostile.victim; --", "f\uFF07\u037E drop table hostile.victim");
        }

        @Override
        String schema() {
            return "hostile";
        }

        @Override
        DataSource createDatabase() throws SQLException {
            DataSource superuser = PostgresServer.newDatabase("hostile_names_it");
            String url;
            try (Connection c = superuser.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA hostile");
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hostile_app') THEN"
                        + " CREATE ROLE hostile_app; END IF; END $$");
                url = GuardRig.jdbcUrl(c);
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            // trust authentication: the password is carried, not checked
            ds.setURL(url + "?user=postgres&password=" + SECRET);
            return ds;
        }

        @Override
        String statementWithSecret() {
            // Not ALTER ROLE ... PASSWORD: the guard bounds it like all DDL, and its attempt's lock timeout is put
            // back after it, so that the session's last query is then the guard's own
            return "SELECT count(*) FROM pg_roles WHERE rolname <> 'password " + SECRET + "'";
        }

        @Override
        long tableCount(Connection c) throws SQLException {
            return count(c, "SELECT count(*) FROM pg_class WHERE relnamespace = 'hostile'::regnamespace"
                    + " AND relkind = 'r'");
        }

        @Override
        boolean tableExists(Connection c, String name) throws SQLException {
            return count(c, "SELECT count(*) FROM pg_class WHERE relnamespace = 'hostile'::regnamespace"
                    + " AND relname = ?", name) == 1;
        }
    }

    @Nested
    class MariaDb extends Scenarios {

        @Override
        Dialect dialect() {
            return Dialect.MARIADB;
        }

        @Override
        List<String> names() {
            return List.of("a'; drop table victim; --", "b`; drop table victim; #", "c\\'; drop table victim; -- x",
                    "d\"; drop table victim; --", "e*/; drop table victim; /*", "f\uFF07\u037E drop table victim");
        }

        @Override
        String schema() {
            return "hostile_names_it";
        }

        @Override
        DataSource createDatabase() throws SQLException {
            MariaDbServer server = MariaDbServer.withPerformanceSchema();
            server.createDatabase(schema());
            try (Connection c = server.rootDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE OR REPLACE USER 'hostile'@'%' IDENTIFIED BY '" + SECRET + "'");
                s.execute("CREATE OR REPLACE USER 'hostile'@'localhost' IDENTIFIED BY '" + SECRET + "'");
                s.execute("GRANT ALL ON `" + schema() + "`.* TO 'hostile'@'%'");
                s.execute("GRANT ALL ON `" + schema() + "`.* TO 'hostile'@'localhost'");
                s.execute("GRANT PROCESS ON *.* TO 'hostile'@'%'");
                s.execute("GRANT PROCESS ON *.* TO 'hostile'@'localhost'");
                s.execute("GRANT SELECT ON performance_schema.* TO 'hostile'@'%'");
                s.execute("GRANT SELECT ON performance_schema.* TO 'hostile'@'localhost'");
            }
            return new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + server.port() + "/" + schema()
                    + "?user=hostile&password=" + SECRET + "&allowMultiQueries=true");
        }

        @Override
        String statementWithSecret() {
            // SET PASSWORD and ALTER USER would commit the transaction, and its lock with it
            return "SELECT COUNT(*) FROM victim WHERE SHA2('" + SECRET + "', 256) <> 'password hash'";
        }

        @Override
        long tableCount(Connection c) throws SQLException {
            return count(c, "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", schema());
        }

        @Override
        boolean tableExists(Connection c, String name) throws SQLException {
            return count(c, "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                    + " AND TABLE_NAME = ?", schema(), name) == 1;
        }
    }

    static long count(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
