package io.ddlguard.internal.parser;

import io.ddlguard.element.CreateTable;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.DropColumn;
import io.ddlguard.element.DropTable;
import io.ddlguard.element.DropView;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.TruncateTable;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generator of hostile SQL for the fuzz tests, written from what each engine does (its documentation and, for
 * H2 and SQLite, probes of the real engine), not from ddlguard's lexer: which comments nest, which characters end
 * a line comment, which quotes and string forms exist. Everything it builds is deterministic in the {@link Random}.
 */
final class SqlGrammar {

    /** An engine's lexical facts. {@code crEndsLineComment}: known to end a line comment at a carriage return. */
    enum Engine {
        POSTGRESQL(Dialect.POSTGRESQL, true, true, false, false, false, false, "\"", "any", false),
        MYSQL(Dialect.MYSQL, false, false, true, true, false, true, "`", "none", true),
        MARIADB(Dialect.MARIADB, false, false, true, true, false, true, "`", "none", true),
        H2(Dialect.H2, true, true, false, false, true, false, "\"`", "empty", false),
        SQLITE(Dialect.SQLITE, false, false, false, false, false, false, "\"`[", "none", false),
        ORACLE(Dialect.ORACLE, false, false, false, false, false, false, "\"", "none", false),
        MSSQL(Dialect.MSSQL, true, false, false, false, false, false, "\"[", "none", false),
        GENERIC(Dialect.GENERIC, false, false, false, false, false, false, "\"", "none", false);

        final Dialect dialect;
        final boolean nestedComments;
        final boolean crEndsLineComment;
        final boolean hashComments;
        final boolean dashNeedsSpace;
        final boolean slashSlashComments;
        final boolean backslashEscapes;
        /** The characters opening a quoted identifier. */
        final String identifierQuotes;
        /** Dollar-quoted strings: {@code any} tag, only the {@code empty} one, or {@code none}. */
        final String dollarQuotes;
        final boolean doubleQuotedStrings;

        Engine(Dialect dialect, boolean nestedComments, boolean crEndsLineComment, boolean hashComments,
               boolean dashNeedsSpace, boolean slashSlashComments, boolean backslashEscapes, String identifierQuotes,
               String dollarQuotes, boolean doubleQuotedStrings) {
            this.dialect = dialect;
            this.nestedComments = nestedComments;
            this.crEndsLineComment = crEndsLineComment;
            this.hashComments = hashComments;
            this.dashNeedsSpace = dashNeedsSpace;
            this.slashSlashComments = slashSlashComments;
            this.backslashEscapes = backslashEscapes;
            this.identifierQuotes = identifierQuotes;
            this.dollarQuotes = dollarQuotes;
            this.doubleQuotedStrings = doubleQuotedStrings;
        }

        static Set<Engine> all() {
            return EnumSet.allOf(Engine.class);
        }

        static Set<Engine> allBut(Engine... engines) {
            Set<Engine> s = all();
            s.removeAll(List.of(engines));
            return s;
        }
    }

    /** A DDL statement and the element it must parse to. */
    record Payload(String sql, Class<? extends DdlElement> type, Identifier name) {
    }

    /** Text that looks like SQL syntax or hides it: the material of comments, strings and quoted names. */
    static final List<String> HOSTILE = List.of("DROP TABLE x", "; DROP TABLE victim; --", "ALTER TABLE t ADD c int",
            "*/ DROP TABLE t /*", "'; DROP TABLE t; --", "\"; DROP TABLE t; --", "`; DROP TABLE t; #",
            "]; DROP TABLE t; --", "$$; DROP TABLE t; $$", "$a$ DROP $a$", "\\'; DROP TABLE t; --", "\\",
            "\nGO\nDROP TABLE t\n", "\n/\nDROP TABLE t\n", ";", "--", "#", "/*", "*/", "'", "\"", "`", "[", "]", "$",
            "$$", "(", ")", "BEGIN", "END", "CASE", " ", "\n", "\r", "\t", "\0", "\uFF07", "\u2019", "\u037E",
            "\u00A0", "\u2003", "\uFEFF", "\u00e9", "\uD83D\uDE00", "x", "TRUNCATE t", "q'[", "E'", "N'");

    private static final String[] BARE_NAMES = {"t", "users", "drop_log", "x1", "Orders", "caf\u00e9", "_tmp"};

    private static final String[][] DDL_TEMPLATES = {
        {"DROP TABLE %s", "DropTable"},
        {"DROP TABLE IF EXISTS %s", "DropTable"},
        {"TRUNCATE TABLE %s", "TruncateTable"},
        {"ALTER TABLE %s DROP COLUMN c", "DropColumn"},
        {"CREATE TABLE %s ( a int )", "CreateTable"},
        {"DROP VIEW %s", "DropView"},
    };

    private static final String[] DML_TEMPLATES = {
        "SELECT %s FROM t", "INSERT INTO t VALUES ( %s )", "UPDATE t SET a = %s", "DELETE FROM t WHERE a = %s",
        "SELECT %s , %s FROM %s", "SELECT * FROM t WHERE a IN ( %s , %s )",
    };

    private SqlGrammar() {
    }

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    static String hostileText(Random r, int maxPieces) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(maxPieces);
        for (int i = 0; i < n; i++) {
            sb.append(pick(r, HOSTILE));
        }
        return sb.toString();
    }

    /** A DDL statement, its words separated by whitespace or (when {@code noise}) hostile comments. */
    static Payload payload(Random r, Engine e, boolean hostileName, boolean noise) {
        String[] template = DDL_TEMPLATES[r.nextInt(DDL_TEMPLATES.length)];
        Identifier name;
        String rendered;
        if (hostileName) {
            String value = hostileText(r, 4).replace("\0", "");
            name = new Identifier(value, true);
            rendered = quotedName(r, e, value);
        } else {
            String word = BARE_NAMES[r.nextInt(BARE_NAMES.length)];
            name = new Identifier(word, false);
            rendered = word;
        }
        String[] words = template[0].split(" ");
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                sql.append(noise ? separator(r, e) : " ");
            }
            sql.append(words[i].equals("%s") ? rendered : words[i]);
        }
        Class<? extends DdlElement> type = switch (template[1]) {
            case "DropTable" -> DropTable.class;
            case "TruncateTable" -> TruncateTable.class;
            case "DropColumn" -> DropColumn.class;
            case "CreateTable" -> CreateTable.class;
            default -> DropView.class;
        };
        return new Payload(sql.toString(), type, name);
    }

    /** {@code value} as a quoted identifier of one of the engine's quote styles, its closing quote doubled. */
    static String quotedName(Random r, Engine e, String value) {
        char open = e.identifierQuotes.charAt(r.nextInt(e.identifierQuotes.length()));
        char close = open == '[' ? ']' : open;
        String c = String.valueOf(close);
        return open + value.replace(c, c + c) + close;
    }

    /** What separates two tokens: whitespace or a comment full of SQL-looking text, as the engine reads it. */
    static String separator(Random r, Engine e) {
        return switch (r.nextInt(e.nestedComments ? 7 : 6)) {
            case 0 -> " ";
            case 1 -> pick(r, List.of("\t", "\n", "\r\n", "  \n\t", "\f"));
            case 2, 3 -> blockComment(r, e);
            case 4 -> lineComment(r, e);
            case 5 -> " " + blockComment(r, e) + lineComment(r, e);
            default -> "/*" + commentBody(r, e) + blockComment(r, e) + commentBody(r, e) + "*/";
        };
    }

    static String blockComment(Random r, Engine e) {
        String body = commentBody(r, e);
        return "/*" + body + "*/";
    }

    /** Comment text holding no comment delimiter. */
    static String commentBody(Random r, Engine e) {
        String body = hostileText(r, 5);
        while (body.contains("*/") || body.contains("/*")) {
            body = body.replace("*/", "* /").replace("/*", "/ *");
        }
        return " " + body + " "; // so that no delimiter forms across its edges
    }

    /** A line comment and the line break that ends it. */
    static String lineComment(Random r, Engine e) {
        // MySQL and SQLite also end a line comment at NUL: none in comments, so the model stays exact
        String body = hostileText(r, 4).replace("\n", " ").replace("\0", " ");
        if (e != Engine.MYSQL && e != Engine.MARIADB && e != Engine.SQLITE) {
            body = body.replace("\r", " "); // where a carriage return ends the comment, or it is not known
        }
        int style = r.nextInt(3);
        if (style == 1 && e.hashComments) {
            return "#" + body + "\n";
        }
        if (style == 2 && e.slashSlashComments) {
            return "//" + body + "\n";
        }
        return "--" + (e.dashNeedsSpace || r.nextBoolean() ? " " : "") + body + "\n";
    }

    /** A string literal holding {@code content}, in one of the engine's forms. */
    static String literal(Random r, Engine e, String content) {
        int form = r.nextInt(4);
        if (form == 1 && e.dollarQuotes.equals("any")) {
            String tag = "$" + pick(r, List.of("", "a", "tag", "x_1")) + "$";
            return tag + content.replace("$", "S") + tag;
        }
        if (form == 1 && e.dollarQuotes.equals("empty")) {
            return "$$" + content.replace("$", "S") + "$$";
        }
        if (form == 2 && e == Engine.ORACLE) {
            return "q'[" + content.replace("]'", "] '") + "]'";
        }
        if (form == 2 && e == Engine.POSTGRESQL) {
            return "E'" + content.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (form == 3 && e.doubleQuotedStrings) {
            return "\"" + content.replace("\\", "\\\\").replace("\"", "\"\"") + "\"";
        }
        String escaped = e.backslashEscapes ? content.replace("\\", "\\\\") : content;
        return (form == 3 && (e == Engine.MSSQL || e == Engine.ORACLE) ? "N'" : "'") + escaped.replace("'", "''") + "'";
    }

    /** A literal, a quoted name or a parameter, holding SQL-looking text that must stay data. */
    static String carrier(Random r, Engine e) {
        String content = hostileText(r, 5).replace("\0", "");
        return switch (r.nextInt(5)) {
            case 0, 1, 2 -> literal(r, e, content);
            case 3 -> quotedName(r, e, content);
            default -> "1";
        };
    }

    /** A DML statement whose only DDL is inside literals, quoted names and comments. */
    static String dml(Random r, Engine e) {
        String template = DML_TEMPLATES[r.nextInt(DML_TEMPLATES.length)];
        String[] words = template.split(" ");
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                sql.append(r.nextInt(3) == 0 ? separator(r, e) : " ");
            }
            sql.append(words[i].equals("%s") ? carrier(r, e) : words[i]);
        }
        return sql.toString();
    }

    /** Leading and trailing text around a statement: whitespace and comments only. */
    static String padding(Random r, Engine e) {
        return r.nextInt(3) == 0 ? "" : separator(r, e);
    }
}
