package io.ddlguard.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The main class of a second JVM that holds a lock no guard in the test JVM knows about: connects with plain
 * pgjdbc, begins a transaction, runs a query and reads every row, prints {@code ready}, then holds the lock until
 * its standard input closes (or it is killed). Started by {@link ForeignSession}.
 *
 * <p>Arguments: JDBC URL, user, application name, query.
 */
public final class ForeignHolder {

    private ForeignHolder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ForeignHolder <jdbc url> <user> <application name> <query>");
            System.exit(2);
        }
        Properties properties = new Properties();
        properties.setProperty("user", args[1]);
        properties.setProperty("ApplicationName", args[2]);
        try (Connection c = DriverManager.getConnection(args[0], properties)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(args[3])) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the transaction open until the test closes our stdin or kills us
            }
            c.rollback();
        }
    }
}
