package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.QuotingSetting;
import io.ddlguard.internal.log.Log;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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
        if (readings.size() == 1 || !rules.quotingSetting().matters(sql)) {
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

    /** The reading of {@code rules} that the session's settings give; {@code rules} when they cannot be read. */
    static DialectRules sessionRules(Connection connection, DialectRules rules) {
        QuotingSetting setting = rules.quotingSetting();
        String value;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(setting.query())) {
            value = rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            LOG.debug("could not read the session's quoting setting ({}); reading SQL by the server's defaults",
                    e.getMessage());
            return rules;
        }
        return value == null ? rules : setting.reading(rules, value);
    }
}
