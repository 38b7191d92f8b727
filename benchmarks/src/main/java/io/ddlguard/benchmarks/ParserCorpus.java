package io.ddlguard.benchmarks;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.UnrecognizedDdl;
import io.ddlguard.internal.parser.StatementParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL DDL corpus that {@code PostgresParserOracleIT} checks against a real server (copied from
 * integration-tests' test resources into this jar by the build), and what each parser makes of it.
 */
final class ParserCorpus {

    /** The corpus statements ddlguard reads as DDL: 402 are DDL to PostgreSQL, and SELECT ... INTO reads as a query. */
    static final int SIZE = 401;

    private static final Pattern FIRST_WORD = Pattern.compile("\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/)*(\\w+)",
            Pattern.DOTALL);

    private ParserCorpus() {
    }

    /** The statements ddlguard's fast path lets through, in corpus order; exactly {@link #SIZE} of them. */
    static String[] ddl() {
        String text;
        try (InputStream in = ParserCorpus.class.getResourceAsStream("/corpus/postgresql.sql")) {
            if (in == null) {
                throw new IllegalStateException("/corpus/postgresql.sql is not on the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> ddl = new ArrayList<>();
        String[] blocks = text.split("(?m)^-- @@.*$");
        // the first block is the file's header
        for (int i = 1; i < blocks.length; i++) {
            if (!blocks[i].isBlank() && !StatementParser.parse(blocks[i], Dialect.POSTGRESQL).isEmpty()) {
                ddl.add(blocks[i].strip());
            }
        }
        if (ddl.size() != SIZE) {
            throw new IllegalStateException("corpus has " + ddl.size() + " DDL statements, expected " + SIZE);
        }
        return ddl.toArray(String[]::new);
    }

    /** ddlguard parses {@code sql} into its model: it yields elements and none is {@link UnrecognizedDdl}. */
    static boolean ddlguardRecognises(String sql) {
        List<DdlElement> elements = StatementParser.parse(sql, Dialect.POSTGRESQL);
        return !elements.isEmpty() && elements.stream().noneMatch(e -> e instanceof UnrecognizedDdl);
    }

    /** JSqlParser 5.4 parses {@code sql}: {@code CCJSqlParserUtil.newParser(sql).Statement()} throws nothing. */
    static boolean jsqlParserParses(String sql) {
        try {
            CCJSqlParserUtil.newParser(sql).Statement();
            return true;
        } catch (Exception | Error e) {
            return false;
        }
    }

    /** Whether the statement is one the guard acts on: its first word is DROP, ALTER or TRUNCATE. */
    static boolean guarded(String sql) {
        Matcher m = FIRST_WORD.matcher(sql);
        if (!m.find()) {
            return false;
        }
        String word = m.group(1).toUpperCase(Locale.ROOT);
        return word.equals("DROP") || word.equals("ALTER") || word.equals("TRUNCATE");
    }

    /** How many statements of the corpus each parser gets right, overall and among the guarded ones. */
    record Counts(int statements, int ddlguard, int jsqlParser, int jsqlParserOfDdlguards, int guardedStatements,
                  int ddlguardGuarded, int jsqlParserGuarded, List<String> jsqlParserFailures,
                  List<String> ddlguardFailures) {
    }

    static Counts count() {
        int ddlguard = 0;
        int jsql = 0;
        int guarded = 0;
        int ddlguardGuarded = 0;
        int jsqlGuarded = 0;
        int jsqlOfDdlguards = 0;
        List<String> jsqlFailures = new ArrayList<>();
        List<String> ddlguardFailures = new ArrayList<>();
        for (String sql : ddl()) {
            boolean g = guarded(sql);
            boolean d = ddlguardRecognises(sql);
            boolean j = jsqlParserParses(sql);
            guarded += g ? 1 : 0;
            ddlguard += d ? 1 : 0;
            jsql += j ? 1 : 0;
            ddlguardGuarded += g && d ? 1 : 0;
            jsqlGuarded += g && j ? 1 : 0;
            jsqlOfDdlguards += d && j ? 1 : 0;
            if (!d) {
                ddlguardFailures.add(sql);
            }
            if (!j) {
                jsqlFailures.add(sql);
            }
        }
        return new Counts(SIZE, ddlguard, jsql, jsqlOfDdlguards, guarded, ddlguardGuarded, jsqlGuarded, jsqlFailures,
                ddlguardFailures);
    }

    public static void main(String[] args) {
        Counts c = count();
        System.out.printf(Locale.ROOT,
                "%d statements: ddlguard recognises %d, JSqlParser parses %d (%d of ddlguard's)%n", c.statements(),
                c.ddlguard(), c.jsqlParser(), c.jsqlParserOfDdlguards());
        System.out.printf(Locale.ROOT, "%d DROP/ALTER/TRUNCATE: ddlguard %d, JSqlParser %d%n", c.guardedStatements(),
                c.ddlguardGuarded(), c.jsqlParserGuarded());
        if (args.length > 0) {
            System.out.println("== not recognised by ddlguard");
            c.ddlguardFailures().forEach(s -> System.out.println(s.replace('\n', ' ')));
            System.out.println("== not parsed by JSqlParser");
            c.jsqlParserFailures().forEach(s -> System.out.println(s.replace('\n', ' ')));
        }
    }
}
