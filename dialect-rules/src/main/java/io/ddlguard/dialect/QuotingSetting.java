package io.ddlguard.dialect;

import java.util.List;
import java.util.Locale;

/**
 * The session setting of an engine that changes where a string ends, and how to read it: MySQL's and MariaDB's
 * {@code sql_mode} ({@code NO_BACKSLASH_ESCAPES}, {@code ANSI_QUOTES}), PostgreSQL's
 * {@code standard_conforming_strings}. Immutable and thread-safe.
 */
public enum QuotingSetting {

    /** The engine has no such setting: a text reads one way. */
    NONE(null),

    /** MySQL's and MariaDB's {@code sql_mode}: a backslash and a double quote mean what its modes say. */
    SQL_MODE("select @@session.sql_mode") {
        @Override
        public boolean matters(String sql) {
            return sql.indexOf('\\') >= 0 || sql.indexOf('"') >= 0;
        }

        @Override
        boolean backslashEscapes(String value) {
            return !modes(value).contains("NO_BACKSLASH_ESCAPES");
        }

        @Override
        boolean doubleQuotedStrings(String value) {
            return !modes(value).contains("ANSI_QUOTES");
        }

        private List<String> modes(String value) {
            return List.of(value.toUpperCase(Locale.ROOT).split(","));
        }
    },

    /** PostgreSQL's {@code standard_conforming_strings}: when {@code off}, a backslash escapes in every string. */
    STANDARD_CONFORMING_STRINGS("select pg_catalog.current_setting('standard_conforming_strings')") {
        @Override
        public boolean matters(String sql) {
            return sql.indexOf('\\') >= 0;
        }

        @Override
        boolean backslashEscapes(String value) {
            return value.equalsIgnoreCase("off");
        }
    };

    private final String query;

    QuotingSetting(String query) {
        this.query = query;
    }

    /** The query that reads the setting on the session's own connection: one row, one string column. */
    public String query() {
        return query;
    }

    /** Whether {@code sql} holds a character whose meaning the setting changes. */
    public boolean matters(String sql) {
        return false;
    }

    /**
     * The reading of {@code rules} (one of {@link DialectRules#sessionReadings()}) that the setting's
     * {@code value}, as {@link #query()} returned it, gives; {@code rules} when none matches.
     */
    public DialectRules reading(DialectRules rules, String value) {
        boolean backslash = backslashEscapes(value);
        boolean doubleQuoted = doubleQuotedStrings(value);
        for (DialectRules r : rules.sessionReadings()) {
            if (r.backslashEscapes() == backslash && r.doubleQuotedStrings() == doubleQuoted) {
                return r;
            }
        }
        return rules;
    }

    boolean backslashEscapes(String value) {
        return false;
    }

    boolean doubleQuotedStrings(String value) {
        return false;
    }
}
