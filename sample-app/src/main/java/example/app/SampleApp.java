package example.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An application that knows nothing of ddlguard. It runs DDL through HikariCP or {@link DriverManager} and prints
 * what happened, one fact per line on stdout, for the agent's integration tests to read.
 *
 * <pre>
 * java [-javaagent:ddlguard-agent.jar=rules=r.yaml] -cp ... example.app.SampleApp SCENARIO JDBC_URL [RULES]
 * </pre>
 *
 * Scenarios: {@code events-hikari}, {@code events-drivermanager} (the same DDL through a pool or the driver
 * manager), {@code blocked-drop} (a DROP while another connection of the pool holds a lock on the table), and
 * {@code attach} (a pool used before the agent is attached at run time with {@code DdlGuardAgent.install(RULES)},
 * called reflectively, then the DDL of {@code events-hikari}).
 */
public final class SampleApp {

    private SampleApp() {
    }

    /** A way to get a connection. */
    @FunctionalInterface
    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SampleApp SCENARIO JDBC_URL [RULES]");
            System.exit(2);
        }
        String scenario = args[0];
        String url = args[1];
        System.out.println("sample-app: started " + scenario);
        switch (scenario) {
            case "events-hikari" -> {
                try (HikariDataSource pool = pool(url)) {
                    events(pool::getConnection);
                }
            }
            case "events-drivermanager" -> events(() -> DriverManager.getConnection(url));
            case "blocked-drop" -> {
                try (HikariDataSource pool = pool(url)) {
                    blockedDrop(pool);
                }
            }
            case "attach" -> {
                try (HikariDataSource pool = pool(url)) {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        System.out.println("connection before attach: " + c.getClass().getName());
                        step(s, "CREATE TABLE before_attach (id int)");
                    }
                    attach(Path.of(args[2]));
                    events(pool::getConnection);
                }
            }
            default -> {
                System.err.println("unknown scenario " + scenario);
                System.exit(2);
            }
        }
        System.out.println("sample-app: done");
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(3);
        config.setPoolName("sample-pool");
        return new HikariDataSource(config);
    }

    /** DDL a rules file and Java listeners hear: creates, an index, a DROP a listener vetoes, a DROP that runs. */
    private static void events(ConnectionSource source) throws SQLException {
        try (Connection c = source.get(); Statement s = c.createStatement()) {
            System.out.println("connection: " + c.getClass().getName());
            step(s, "CREATE TABLE users (id int, user_name varchar(100))");
            step(s, "CREATE INDEX users_name ON users (user_name)");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.table_constraints"
                    + " WHERE upper(constraint_name) = 'CST_USER_NAME_LENGTH'")) {
                rs.next();
                System.out.println("constraints named cst_user_name_length: " + rs.getInt(1));
            }
            step(s, "INSERT INTO users VALUES (1, 'short')");
            step(s, "CREATE TABLE protected (id int)");
            step(s, "DROP TABLE protected");
            step(s, "DROP TABLE users");
        }
    }

    /** A DROP while another connection of the same pool is idle in a transaction that read the table. */
    private static void blockedDrop(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            step(s, "CREATE TABLE orders (id int)");
        }
        try (Connection holder = pool.getConnection(); Statement hs = holder.createStatement()) {
            holder.setAutoCommit(false);
            hs.executeQuery("SELECT count(*) FROM orders").close(); // holds ACCESS SHARE on orders until rollback
            try (ResultSet rs = hs.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                System.out.println("holder pid: " + rs.getInt(1));
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                step(s, "DROP TABLE orders");
            }
            holder.rollback();
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            step(s, "DROP TABLE orders");
        }
    }

    /** What an application does to attach the agent at run time: the agent jar is on the class path. */
    private static void attach(Path rules) throws Exception {
        Class<?> agent = Class.forName("io.ddlguard.agent.DdlGuardAgent");
        try {
            Object guard = agent.getMethod("install", Path.class).invoke(null, rules);
            System.out.println("attached: " + guard);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    /** Runs {@code sql} and prints its outcome: ok, or the exception's class, SQLState and message. */
    private static void step(Statement s, String sql) {
        try {
            s.execute(sql);
            System.out.println("step " + sql + " -> ok");
        } catch (SQLException e) {
            System.out.println("step " + sql + " -> " + e.getClass().getName() + " " + e.getSQLState());
            for (String line : String.valueOf(e.getMessage()).split("\n")) {
                System.out.println("| " + line);
            }
        }
    }
}
