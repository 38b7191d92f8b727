package io.ddlguard.cli;

import io.ddlguard.DdlGuard;
import io.ddlguard.DdlParser;
import io.ddlguard.LockHolder;
import io.ddlguard.dialect.JdbcUrls;
import io.ddlguard.element.Dialect;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ddlguard blockers}: who would block a DDL statement on a PostgreSQL database right now, as
 * {@link DdlGuard#blockers} sees it. Reads the catalogs and the lock table only: runs none of the statements, takes
 * no lock on them and never queues.
 */
final class BlockersCommand {

    /** Exit status: nothing blocks. */
    static final int CLEAR = 0;
    /** Exit status: a usage or connection error, or a target that could not be checked. */
    static final int ERROR = 1;
    /** Exit status: something blocks at least one target. */
    static final int BLOCKED = 2;

    static final String USAGE = """
            usage: ddlguard blockers --url JDBC_URL [--user USER] [--password PASSWORD] [--json] TARGET...

            Who would block a DDL statement on a PostgreSQL database right now. Reads the catalogs, pg_locks
            and pg_stat_activity only: runs none of the statements, takes no lock on the tables, never queues.

            TARGET is either
              an object name, such as users or public.users: asks about dropping it (DROP TABLE, or DROP VIEW,
                DROP MATERIALIZED VIEW, DROP SEQUENCE, DROP INDEX, DROP FOREIGN TABLE, as the object's kind needs)
              a statement that starts with a keyword such as DROP, ALTER, TRUNCATE, CREATE: asks about that
                statement (quote it as one argument)

            options:
              --url JDBC_URL        jdbc:postgresql://host:port/database (required)
              --user USER           the role to connect as; other roles' state and query need pg_read_all_stats
              --password PASSWORD   its password; by default the environment variable PGPASSWORD
              --json                one JSON object per holder and line, nothing when nothing blocks
              -h, --help            this text

            exit status: 0 nothing blocks, 2 something blocks, 1 usage or connection error or a target that
            could not be checked

            example:
              ddlguard blockers --url jdbc:postgresql://localhost:5432/app --user app public.users \\
                  "ALTER TABLE orders ADD COLUMN note text\"""";

    /** First words that make an argument a statement rather than an object name. */
    private static final Set<String> KEYWORDS = Set.of("ALTER", "CLUSTER", "COMMENT", "CREATE", "DROP", "GRANT",
            "LOCK", "REFRESH", "REINDEX", "REVOKE", "TRUNCATE", "VACUUM");
    private static final Pattern FIRST_WORD = Pattern.compile("\\s*([A-Za-z]+)\\s+\\S.*", Pattern.DOTALL);

    /** What {@code DROP} an object of each {@code pg_class.relkind} needs. */
    private static final Map<String, String> DROP_BY_RELKIND = Map.of("r", "DROP TABLE", "p", "DROP TABLE",
            "v", "DROP VIEW", "m", "DROP MATERIALIZED VIEW", "S", "DROP SEQUENCE", "i", "DROP INDEX",
            "I", "DROP INDEX", "f", "DROP FOREIGN TABLE");
    private static final String RELKIND = "select c.relkind::text from pg_catalog.pg_class c"
            + " where c.oid = pg_catalog.to_regclass(?)";

    private BlockersCommand() {
    }

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. {@code user} and {@code password} are null when not given. */
    record Options(String url, String user, String password, boolean json, boolean help, List<Target> targets) {
    }

    /**
     * One argument: an object whose {@code DROP} to ask about, or a statement.
     *
     * @param text        the argument as given, stripped
     * @param isStatement whether it is a statement rather than an object name
     */
    record Target(String text, boolean isStatement) {

        static Target of(String argument) {
            String text = argument.strip();
            Matcher m = FIRST_WORD.matcher(text);
            return new Target(text, m.matches() && KEYWORDS.contains(m.group(1).toUpperCase(Locale.ROOT)));
        }
    }

    static Options parse(String[] args, Map<String, String> env) throws UsageException {
        String url = null;
        String user = null;
        String password = null;
        boolean json = false;
        boolean help = false;
        List<Target> targets = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                if (arg.isBlank()) {
                    throw new UsageException("an empty TARGET");
                }
                targets.add(Target.of(arg));
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (value != null && !name.equals("--url") && !name.equals("--user") && !name.equals("--password")) {
                throw new UsageException(name + " takes no value");
            }
            switch (name) {
                case "--" -> optionsEnded = true;
                case "-h", "--help" -> help = true;
                case "--json" -> json = true;
                case "--url", "--user", "--password" -> {
                    if (value == null) {
                        if (i + 1 == args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--url" -> url = value;
                        case "--user" -> user = value;
                        default -> password = value;
                    }
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (help) {
            return new Options(url, user, password, json, true, targets);
        }
        if (url == null || url.isBlank()) {
            throw new UsageException("--url is required, such as --url jdbc:postgresql://localhost:5432/app");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + JdbcUrls.redact(url));
        }
        if (targets.isEmpty()) {
            throw new UsageException("name at least one TARGET: a table such as public.users, or a statement");
        }
        if (password == null) {
            password = env.get("PGPASSWORD");
        }
        return new Options(url, user, password, json, false, targets);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Options options;
        try {
            options = parse(args, env);
        } catch (UsageException e) {
            err.println("ddlguard blockers: " + e.getMessage());
            err.println("try 'ddlguard blockers --help'");
            return ERROR;
        }
        if (options.help()) {
            out.println(USAGE);
            return CLEAR;
        }
        Properties props = new Properties();
        props.setProperty("ApplicationName", "ddlguard blockers");
        props.setProperty("connectTimeout", "10");
        if (options.user() != null) {
            props.setProperty("user", options.user());
        }
        if (options.password() != null) {
            props.setProperty("password", options.password());
        }
        Connection c;
        try {
            c = DriverManager.getConnection(options.url(), props);
        } catch (SQLException e) {
            err.println("ddlguard blockers: cannot connect to " + JdbcUrls.redact(options.url()) + ": " + firstLine(e));
            return ERROR;
        }
        try (c) {
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = '30s'");
            }
            return check(c, options, out, err);
        } catch (SQLException e) {
            err.println("ddlguard blockers: " + JdbcUrls.redact(options.url()) + ": " + firstLine(e));
            return ERROR;
        }
    }

    private static int check(Connection c, Options options, PrintStream out, PrintStream err) throws SQLException {
        DdlGuard guard = DdlGuard.builder().name("ddlguard blockers").captureStackTraces(false).build();
        int status = CLEAR;
        boolean failed = false;
        for (Target target : options.targets()) {
            try {
                String sql = statement(c, target);
                List<LockHolder> holders = guard.blockers(c, sql);
                if (!holders.isEmpty()) {
                    status = BLOCKED;
                }
                if (options.json()) {
                    for (LockHolder h : holders) {
                        out.println(json(sql, h));
                    }
                } else {
                    print(out, sql, holders, serverNow(c));
                }
            } catch (UsageException e) {
                err.println("ddlguard blockers: " + e.getMessage());
                failed = true;
            } catch (SQLException e) {
                if (!c.isValid(5)) {
                    throw e;
                }
                err.println("ddlguard blockers: cannot check " + target.text() + ": " + firstLine(e));
                failed = true;
            }
        }
        return failed ? ERROR : status;
    }

    /** The statement to ask about: the target itself, or the {@code DROP} its object's kind needs. */
    private static String statement(Connection c, Target target) throws SQLException, UsageException {
        if (target.isStatement()) {
            if (DdlParser.parse(target.text(), Dialect.POSTGRESQL).isEmpty()) {
                throw new UsageException("not a DDL statement: " + target.text());
            }
            return target.text();
        }
        if (!looksLikeName(target.text())) {
            throw neither(target, "a name has no spaces outside double quotes");
        }
        String relkind;
        try (PreparedStatement ps = c.prepareStatement(RELKIND)) {
            ps.setString(1, target.text());
            try (ResultSet rs = ps.executeQuery()) {
                relkind = rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            if (!"42602".equals(e.getSQLState())) {
                throw e;
            }
            throw neither(target, firstLine(e));
        }
        if (relkind == null) {
            throw new UsageException("no table, view, sequence or index named " + target.text()
                    + " (searched as PostgreSQL would, with the connection's search_path)");
        }
        String drop = DROP_BY_RELKIND.get(relkind);
        if (drop == null) {
            throw new UsageException(target.text() + " is a relation of kind '" + relkind
                    + "', which has no DROP of its own; give the statement instead");
        }
        return drop + " " + target.text();
    }

    private static UsageException neither(Target target, String why) {
        return new UsageException("'" + target.text() + "' is neither an object name nor a statement starting with"
                + " DROP, ALTER, TRUNCATE, CREATE, ...: " + why);
    }

    /** No white space outside double-quoted parts: {@code public."My Table"} may be a name, {@code a b} not. */
    static boolean looksLikeName(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && Character.isWhitespace(ch)) {
                return false;
            }
        }
        return true;
    }

    private static void print(PrintStream out, String sql, List<LockHolder> holders, Instant now) {
        if (holders.isEmpty()) {
            out.println(sql + ": no blockers");
            return;
        }
        int sessions = sessions(holders).size();
        out.println(sql + ": " + sessions + (sessions == 1 ? " session holds or awaits" : " sessions hold or await")
                + " locks it needs");
        out.println(LockHolder.describe(holders, now));
    }

    private static Collection<String> sessions(List<LockHolder> holders) {
        Set<String> keys = new LinkedHashSet<>();
        for (LockHolder h : holders) {
            keys.add(h.pid().isPresent() ? "pid " + h.pid().getAsLong() : "gid " + h.preparedTransaction().orElse(""));
        }
        return keys;
    }

    /** The server's clock, which the holders' timestamps come from; the local one when it cannot be read. */
    private static Instant serverNow(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_catalog.clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        } catch (SQLException e) {
            return Instant.now();
        }
    }

    /** One holder as a JSON object on one line; absent values are null, instants ISO-8601 in UTC. */
    static String json(String sql, LockHolder h) {
        StringBuilder b = new StringBuilder("{");
        field(b, "statement", sql);
        field(b, "pid", h.pid());
        field(b, "preparedTransaction", h.preparedTransaction());
        field(b, "relation", h.relation());
        field(b, "mode", h.mode());
        field(b, "granted", h.granted());
        field(b, "olderSnapshot", h.olderSnapshot());
        field(b, "state", h.state());
        field(b, "stateSince", h.stateSince());
        field(b, "transactionStart", h.transactionStart());
        field(b, "query", h.query());
        field(b, "user", h.user());
        field(b, "applicationName", h.applicationName());
        field(b, "clientAddress", h.clientAddress());
        field(b, "openedAt", h.openedAt());
        field(b, "blockedBy", h.blockedBy());
        b.append("\"hidden\":[");
        for (int i = 0; i < h.hidden().size(); i++) {
            b.append(i == 0 ? "" : ",");
            string(b, h.hidden().get(i));
        }
        b.append("],");
        field(b, "hiddenBecause", h.hiddenBecause());
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, Object value) {
        string(b, name);
        b.append(':');
        if (value instanceof Optional<?> o) {
            value = o.orElse(null);
        } else if (value instanceof OptionalLong o) {
            value = o.isPresent() ? o.getAsLong() : null;
        }
        if (value == null) {
            b.append("null");
        } else if (value instanceof Long || value instanceof Boolean) {
            b.append(value);
        } else {
            string(b, value.toString());
        }
        b.append(',');
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (ch < 0x20 || ch == '\u2028' || ch == '\u2029') {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append('"');
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
