package io.ddlguard.dialect;

import java.util.Locale;

/**
 * Masks the secrets a SQL text may carry before another session's statement reaches a report or a log line:
 * {@code ALTER ROLE app PASSWORD '...'}, {@code CREATE USER ... IDENTIFIED BY '...'}, a {@code dblink} connection
 * string with {@code password=...}, {@code WHERE password = '...'}. A statement that mentions a secret anywhere
 * (a word or a literal holding {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code identified}
 * or {@code salt}) has every string literal replaced by {@code '***'}; other statements are returned unchanged.
 * The rule errs on the side of masking: a literal that merely sits in such a statement is masked too. Stateless
 * and thread-safe.
 */
public final class SqlSecrets {

    private static final String[] SECRET_WORDS = {"PASSWORD", "PASSWD", "PWD", "SECRET", "IDENTIFIED", "SALT"};
    private static final String MASKED_LITERAL = "'" + JdbcUrls.MASK + "'";

    private SqlSecrets() {
    }

    /**
     * {@code sql} with its string literals masked when it mentions a secret, lexed by {@code rules} (so that
     * quoting, comments and dollar quotes are read as the engine reads them); {@code sql} itself otherwise. Never
     * throws on any text.
     */
    public static String redact(String sql, DialectRules rules) {
        if (!mentionsSecret(sql)) {
            return sql;
        }
        Tokens tokens = SqlLexer.tokenize(sql, rules);
        StringBuilder out = null;
        int last = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.kind(i) == Tokens.STRING) {
                out = out == null ? new StringBuilder(sql.length()) : out;
                out.append(sql, last, tokens.start(i)).append(MASKED_LITERAL);
                last = tokens.end(i);
            }
        }
        return out == null ? sql : out.append(sql, last, sql.length()).toString();
    }

    /** Whether a secret word appears anywhere in {@code sql}: in a word, a quoted name, a literal or a comment. */
    private static boolean mentionsSecret(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (upper.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
