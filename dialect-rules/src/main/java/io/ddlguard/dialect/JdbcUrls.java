package io.ddlguard.dialect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the secrets of JDBC URLs before they reach a report, an exception message or a log line: every place
 * ddlguard shows or keeps a URL passes it through {@link #redact}. Stateless and thread-safe.
 */
public final class JdbcUrls {

    /** What a secret is replaced by. */
    public static final String MASK = "***";

    /**
     * A property whose name holds {@code password}, {@code passwd}, {@code pwd} or {@code secret} (any case, any
     * prefix such as {@code sslpassword} or {@code trustStorePassword}), after {@code ?}, {@code &}, {@code ;},
     * {@code :}, {@code ,} or {@code (}. Group 1 is that separator; the value starts where the match ends.
     */
    private static final Pattern PROPERTY = Pattern.compile(
            "(?i)([?&;:,(])\\s*[\\w.\\-]*(?:password|passwd|pwd|secret)[\\w.\\-]*\\s*=\\s*");

    /** {@code //user:password@host}: the password is what follows the first colon of the user information. */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#;@:\\s]*:)([^?#\\s]*)(@)");

    /** Oracle's {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:\\w+:[^/@:]*/)([^@]*)(@)");

    private JdbcUrls() {
    }

    /**
     * {@code url} with every password in it replaced by {@value #MASK}: {@code user:password@} user information,
     * Oracle's {@code user/password@}, and {@code password=} properties in the query ({@code ?password=},
     * {@code &password=}), in {@code ;key=value} lists (H2, SQL Server, DB2) and in MySQL's
     * {@code (password=...)} address form. Null gives null; a text without secrets is returned as is.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String out = properties(url);
        out = replace(ORACLE, out);
        return replace(USER_INFO, out);
    }

    /** Masks each password property's value: up to the next separator of its style, or a whole {@code {...}}. */
    private static String properties(String url) {
        Matcher m = PROPERTY.matcher(url);
        StringBuilder out = null;
        int last = 0;
        int from = 0;
        while (from < url.length() && m.find(from)) {
            int start = m.end();
            int end;
            if (start < url.length() && url.charAt(start) == '{') {
                int close = url.indexOf('}', start);
                end = close < 0 ? url.length() : close + 1;
            } else {
                String stops = switch (url.charAt(m.start(1))) {
                    case '?', '&' -> "&#";
                    case '(' -> ")";
                    case ',' -> ",)";
                    default -> ";";
                };
                end = start;
                while (end < url.length() && stops.indexOf(url.charAt(end)) < 0) {
                    end++;
                }
            }
            if (end > start) {
                out = out == null ? new StringBuilder(url.length()) : out;
                out.append(url, last, start).append(MASK);
                last = end;
            }
            from = Math.max(end, m.end());
        }
        return out == null ? url : out.append(url, last, url.length()).toString();
    }

    private static String replace(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            if (m.end(2) > m.start(2)) {
                out.append(text, last, m.start(2)).append(MASK);
                last = m.end(2);
            }
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }
}
