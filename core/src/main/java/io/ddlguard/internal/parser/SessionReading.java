package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Reads the DDL of a text as the session that runs it will. A server setting can change where a string ends:
 * MySQL's and MariaDB's {@code NO_BACKSLASH_ESCAPES} and {@code ANSI_QUOTES}, PostgreSQL's
 * {@code standard_conforming_strings = off}. Under one of them {@code SELECT 'a\'; DROP TABLE t; -- '} runs a
 * DROP that the default reading takes for part of a string.
 *
 * <p>The text is read by the default rules; only when it holds a character whose meaning such a setting changes
 * (a backslash, or a double quote on MySQL) is it read by the other settings too, and only when those readings
 * disagree is the session asked for its setting, with one query on its own connection. Most texts never get past
 * the first check; a text whose readings agree costs a few parses, and the query runs only for a text that a
 * setting really changes. Stateless and thread-safe.
 */
public final class SessionReading {

    private static final Log LOG = Log.of(SessionReading.class);

    private SessionReading() {
    }

    /**
     * What the first {@code statements} statements of {@code sql} hold for listeners and the guard, as the
     * session behind {@code connection} reads them.
     */
    public static ParsedText read(Connection connection, String sql, DialectRules rules, int statements) {
        ParsedText first = StatementParser.read(sql, rules, statements);
        List<DialectRules> readings = rules.sessionReadings();
        if (readings.size() == 1 || !settingsMatter(sql, rules)) {
            return first;
        }
        for (int i = 1; i < readings.size(); i++) {
            if (!StatementParser.read(sql, readings.get(i), statements).equals(first)) {
                DialectRules session = sessionRules(connection, rules);
                return session == rules ? first : StatementParser.read(sql, session, statements);
            }
        }
        return first;
    }

    /** Whether {@code sql} holds a character whose meaning a session setting changes. */
    private static boolean settingsMatter(String sql, DialectRules rules) {
        return sql.indexOf('\\') >= 0 || rules.dialect().family().equals("mysql") && sql.indexOf('"') >= 0;
    }

    /** The reading of {@code rules} that the session's settings give; {@code rules} when they cannot be read. */
    static DialectRules sessionRules(Connection connection, DialectRules rules) {
        boolean mysql = rules.dialect().family().equals("mysql");
        String query = mysql ? "select @@session.sql_mode"
                : "select pg_catalog.current_setting('standard_conforming_strings')";
        String value;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            value = rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            LOG.debug("could not read the session's quoting setting ({}); reading SQL by the server's defaults",
                    e.getMessage());
            return rules;
        }
        if (value == null) {
            return rules;
        }
        boolean backslash;
        boolean doubleQuoted;
        if (mysql) {
            List<String> modes = List.of(value.toUpperCase(Locale.ROOT).split(","));
            backslash = !modes.contains("NO_BACKSLASH_ESCAPES");
            doubleQuoted = !modes.contains("ANSI_QUOTES");
        } else {
            backslash = value.equalsIgnoreCase("off");
            doubleQuoted = false;
        }
        for (DialectRules r : rules.sessionReadings()) {
            if (r.backslashEscapes() == backslash && r.doubleQuotedStrings() == doubleQuoted) {
                return r;
            }
        }
        return rules;
    }
}
