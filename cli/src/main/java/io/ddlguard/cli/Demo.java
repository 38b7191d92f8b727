package io.ddlguard.cli;

import io.ddlguard.DdlGuard;
import io.ddlguard.DdlVetoException;
import io.ddlguard.element.Ddl;
import io.ddlguard.event.DdlEvent;
import io.ddlguard.event.DdlEvents;
import io.ddlguard.event.ExecuteIf;
import io.ddlguard.event.Target;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code ddlguard demo}: starts an embedded PostgreSQL, wraps its DataSource with ddlguard and shows
 * listeners at work on real DDL. Ends by itself in a few seconds.
 */
final class Demo {

    private Demo() {
    }

    static int run(PrintStream out) throws Exception {
        out.println("Starting an embedded PostgreSQL ...");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            DataSource plain = pg.getPostgresDatabase();
            try (Connection c = plain.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                out.println("PostgreSQL " + rs.getString(1) + " is up.\n");
            }

            DdlEvents events = new DdlEvents();
            events.listen(Target.anyTable(), DdlEvent.BEFORE_CREATE,
                    ctx -> out.println("  [listener] before create: " + ctx.target()));
            events.listen(Target.table("users"), DdlEvent.AFTER_CREATE,
                    Ddl.of("ALTER TABLE %(fullname)s ADD CONSTRAINT cst_user_name_length CHECK (length(user_name) >= 8)")
                            .executeIf(ExecuteIf.dialect("postgresql", "mysql")));
            events.listen(Target.table("users"), DdlEvent.AFTER_CREATE,
                    ctx -> out.println("  [listener] after create: " + ctx.target() + " -> added cst_user_name_length"));
            events.listen(Target.anyTable(), DdlEvent.BEFORE_ALTER,
                    ctx -> out.println("  [listener] before alter: " + ctx.target() + " (" + ctx.element().getClass().getSimpleName() + ")"));
            events.listen(Target.table("audit_log"), DdlEvent.BEFORE_DROP, ctx -> {
                throw new SQLException("audit tables are never dropped");
            });

            DataSource ds = DdlGuard.builder().events(events).build().wrap(plain);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                step(out, s, "CREATE TABLE users (id serial PRIMARY KEY, user_name text NOT NULL)");
                step(out, s, "CREATE TABLE audit_log (id serial PRIMARY KEY, what text)");
                step(out, s, "ALTER TABLE users ADD COLUMN email text, ALTER COLUMN user_name SET DEFAULT 'anonymous'");
                step(out, s, "INSERT INTO users (user_name) VALUES ('bob')");
                step(out, s, "INSERT INTO users (user_name) VALUES ('robert_paulson')");
                step(out, s, "DROP TABLE audit_log");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_log")) {
                    rs.next();
                    out.println("\naudit_log is still there (" + rs.getInt(1) + " rows): the veto kept the DROP from the database.");
                }
            }
            out.println("\nDemo finished.");
        }
        return 0;
    }

    private static void step(PrintStream out, Statement s, String sql) {
        out.println("\n> " + sql);
        try {
            s.execute(sql);
            out.println("  ok");
        } catch (DdlVetoException e) {
            out.println("  refused by a listener: SQLState " + e.getSQLState() + ", " + e.getCause().getMessage());
        } catch (SQLException e) {
            out.println("  failed: SQLState " + e.getSQLState() + ", " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
