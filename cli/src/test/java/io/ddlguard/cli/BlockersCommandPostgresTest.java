package io.ddlguard.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ddlguard blockers} run in-process, through {@link Main#run}, against an embedded PostgreSQL with and
 * without a session holding a lock.
 */
class BlockersCommandPostgresTest {

    private static EmbeddedPostgres pg;
    private static String url;

    private final List<Connection> sessions = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @BeforeEach
    void createTables() throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS orders, users CASCADE; DROP VIEW IF EXISTS big_orders");
            s.execute("CREATE TABLE users (id int PRIMARY KEY, name text); INSERT INTO users VALUES (1, 'a')");
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users)");
            s.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE id > 100");
        }
    }

    @AfterEach
    void endSessions() throws SQLException {
        for (Connection c : sessions) {
            c.close();
        }
    }

    /** A session that read {@code table} and left its transaction open; returns its pid. */
    private long holder(String table) throws SQLException {
        Connection c = pg.getPostgresDatabase().getConnection();
        sessions.add(c);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
        return c.unwrap(PGConnection.class).getBackendPID();
    }

    private int blockers(String... args) throws Exception {
        String[] all = new String[args.length + 5];
        all[0] = "blockers";
        all[1] = "--url";
        all[2] = url;
        all[3] = "--user";
        all[4] = "postgres";
        System.arraycopy(args, 0, all, 5, args.length);
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nothingHeldNothingBlocks() throws Exception {
        assertThat(blockers("users", "public.orders", "ALTER TABLE users ADD COLUMN note text")).isZero();
        assertThat(out()).contains("DROP TABLE users: no blockers", "DROP TABLE public.orders: no blockers",
                "ALTER TABLE users ADD COLUMN note text: no blockers");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anIdleInTransactionReaderBlocksAndIsNamed() throws Exception {
        long pid = holder("users");

        assertThat(blockers("public.users")).isEqualTo(2);
        assertThat(out()).contains("DROP TABLE public.users: 1 session holds or awaits locks it needs",
                "  pid " + pid + " holds AccessShareLock on public.users: idle in transaction",
                "    last query: SELECT * FROM users");
    }

    @Test
    void aStatementArgumentIsAskedAboutAsGivenAndOnlyBlockedTargetsListHolders() throws Exception {
        long pid = holder("orders");

        // DROP TABLE users locks orders too (its foreign key references users); the view lives on orders.
        assertThat(blockers("ALTER TABLE orders ADD COLUMN note text", "big_orders", "DROP TABLE users")).isEqualTo(2);
        assertThat(out()).contains("ALTER TABLE orders ADD COLUMN note text: 1 session holds",
                "DROP VIEW big_orders: ", "DROP TABLE users: 1 session holds", "pid " + pid);
    }

    @Test
    void jsonPrintsOneObjectPerHolderAndNothingWhenClear() throws Exception {
        long pid = holder("users");

        assertThat(blockers("--json", "users")).isEqualTo(2);
        assertThat(out().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("{\"statement\":\"DROP TABLE users\",\"pid\":" + pid + ",")
                .contains("\"relation\":\"public.users\"", "\"mode\":\"AccessShareLock\"", "\"granted\":true",
                        "\"state\":\"idle in transaction\"", "\"query\":\"SELECT * FROM users\"")
                .endsWith("}"));

        sessions.get(0).rollback();
        out.reset();
        assertThat(blockers("--json", "users")).isZero();
        assertThat(out()).isEmpty();
    }

    @Test
    void aMissingObjectOrANonDdlStatementCannotBeChecked() throws Exception {
        assertThat(blockers("no_such_table", "users", "ALTER SYSTEM RESET ALL")).isEqualTo(1);
        assertThat(out()).contains("DROP TABLE users: no blockers");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no table, view, sequence or index named no_such_table");
    }

    @Test
    void aGarbledNameSaysWhatATargetIs() throws Exception {
        assertThat(blockers("SELECT * FROM users")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("'SELECT * FROM users' is neither an object name nor a statement starting with DROP");
    }
}
