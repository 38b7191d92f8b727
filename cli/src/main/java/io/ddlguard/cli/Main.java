package io.ddlguard.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/** The {@code ddlguard} command line: {@code demo}, {@code parse} and {@code blockers}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return run(args, out, err, System.getenv());
    }

    /** Runs one command with {@code env} as its environment; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "demo" -> Demo.run(out);
            case "parse" -> ParseCommand.run(rest, out, err);
            case "blockers" -> BlockersCommand.run(rest, out, err, env);
            default -> {
                err.println("ddlguard: unknown command '" + args[0] + "'");
                usage(err);
                yield 2;
            }
        };
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: ddlguard <command> [options]

                commands:
                  demo                              start an embedded PostgreSQL and show, in about 10 s, a DROP TABLE
                                                    hanging behind an open transaction, the same DROP refused by
                                                    ddlguard with a report naming the holder, DropPolicy.WAIT, and
                                                    DDL listeners
                  parse [--dialect NAME] SQL...     print the DDL elements of SQL text (or '-' to read standard input);
                                                    NAME: postgresql (default), mysql, mariadb, h2, sqlite, oracle, mssql
                  blockers --url JDBC_URL [--user U] [--password P] [--json] TARGET...
                                                    who would block DROP TABLE TARGET (or the DDL statement TARGET)
                                                    on a PostgreSQL database right now, reading the catalogs
                                                    and pg_locks only (runs nothing, never queues).
                                                    Exit 0 nothing blocks, 2 something blocks, 1 error.
                                                    See 'ddlguard blockers --help'""");
    }
}
