package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.element.Action;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.UnrecognizedDdl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a statement that is not DDL but takes locks other sessions can hold ({@link
 * DialectRules#lockingStatements()}) into what the guard needs: an {@link UnrecognizedDdl} naming the tables
 * it locks, which the guard bounds and which fires no event. A PostgreSQL {@code DO} block also gives the DDL
 * written statically in its body, read like top-level DDL, so that the guard can plan and pre-check it; DDL the
 * block builds at run time ({@code EXECUTE}) cannot be read. Adds nothing for a statement that takes no lock
 * worth bounding (MariaDB's {@code ANALYZE SELECT ...}, a query). Not thread-safe: one per statement.
 */
final class LockingStatementReader extends TokenCursor {

    /** PL/pgSQL words after which a body statement starts, besides a {@code ;}. */
    private static final Set<String> BODY_STATEMENT_STARTS = Set.of("BEGIN", "THEN", "ELSE", "LOOP");
    /** How deeply DO bodies are read inside DO bodies ({@code EXECUTE 'DO ...'} is not read at all). */
    private static final int MAX_DEPTH = 4;

    private final int depth;

    LockingStatementReader(Tokens tokens, int first, int end, String sql, DialectRules rules, List<DdlElement> out,
                           int depth) {
        super(tokens, first, end, sql, rules, out);
        this.depth = depth;
    }

    void read() {
        String keyword = t.upperWord(p);
        p++;
        switch (keyword) {
            case "DO" -> doBlock();
            case "VACUUM", "ANALYZE", "ANALYSE" -> {
                if (mysql) {
                    tableStatement();
                } else {
                    vacuumOrAnalyze();
                }
            }
            case "CLUSTER" -> cluster();
            case "LOCK" -> lock();
            case "OPTIMIZE", "REPAIR" -> tableStatement();
            default -> throw new Unreadable();
        }
    }

    private void add(List<QualifiedName> names) {
        out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.TABLE, names, Optional.empty()));
    }

    /** {@code VACUUM [FULL] [(options)] [table [(columns)], ...]}, {@code ANALYZE} alike. */
    private void vacuumOrAnalyze() {
        if (atSymbol('(')) {
            skipBalanced();
        }
        while (at("FULL") || at("FREEZE") || at("VERBOSE") || at("ANALYZE") || at("ANALYSE")) {
            p++;
        }
        add(names());
    }

    /** {@code CLUSTER [VERBOSE] [(options)] [table [USING index]]}, or the old {@code CLUSTER index ON table}. */
    private void cluster() {
        if (atSymbol('(')) {
            skipBalanced();
        }
        accept("VERBOSE");
        if (!atName()) {
            add(List.of());
            return;
        }
        QualifiedName first = qualifiedName();
        add(List.of(accept("ON") && atName() ? qualifiedName() : first));
    }

    /**
     * PostgreSQL's {@code LOCK [TABLE] [ONLY] name [*], ... [IN mode MODE] [NOWAIT]}; MySQL's
     * {@code LOCK TABLES t [[AS] alias] READ | WRITE, ...} ({@code LOCK INSTANCE FOR BACKUP} names no table).
     */
    private void lock() {
        if (mysql) {
            if (!accept("TABLES") && !accept("TABLE")) {
                add(List.of());
                return;
            }
            List<QualifiedName> names = new ArrayList<>(1);
            do {
                names.add(qualifiedName());
                while (p < end && !atSymbol(',')) {
                    p++;
                }
            } while (acceptSymbol(','));
            add(names);
            return;
        }
        accept("TABLE");
        List<QualifiedName> names = new ArrayList<>(1);
        do {
            accept("ONLY");
            names.add(qualifiedName());
            acceptSymbol('*');
        } while (acceptSymbol(','));
        add(names);
    }

    /** MySQL's {@code OPTIMIZE | ANALYZE | REPAIR [NO_WRITE_TO_BINLOG | LOCAL] TABLE t, ...}. */
    private void tableStatement() {
        if (!accept("NO_WRITE_TO_BINLOG")) {
            accept("LOCAL");
        }
        if (!accept("TABLE") && !accept("TABLES")) {
            return; // MariaDB's ANALYZE SELECT ... is a query
        }
        add(nameList());
    }

    /** Table names, each possibly followed by a column list, up to the end or a word that is not a name. */
    private List<QualifiedName> names() {
        List<QualifiedName> names = new ArrayList<>(1);
        while (atName()) {
            accept("ONLY");
            names.add(qualifiedName());
            acceptSymbol('*');
            if (atSymbol('(')) {
                skipBalanced();
            }
            if (!acceptSymbol(',')) {
                break;
            }
        }
        return names;
    }

    /**
     * {@code DO [LANGUAGE name] body [LANGUAGE name]}: the block itself, then the DDL statements written in a
     * PL/pgSQL body. A body in another language is not read.
     */
    private void doBlock() {
        String body = null;
        String language = "plpgsql";
        while (p < end) {
            if (accept("LANGUAGE") && atName()) {
                language = t.identifierValue(p).toLowerCase(java.util.Locale.ROOT);
                p++;
            } else if (t.kind(p) == Tokens.STRING && body == null) {
                body = stringBody(t.text(p));
                p++;
            } else {
                p++;
            }
        }
        out.add(new UnrecognizedDdl(sql, Action.ALTER, ObjectKind.OTHER, List.of(), Optional.empty()));
        if (body != null && language.equals("plpgsql") && depth < MAX_DEPTH) {
            readBody(body);
        }
    }

    /** The text of a string token: a dollar-quoted body as written, a quoted one with {@code ''} made single. */
    private static String stringBody(String token) {
        if (token.startsWith("$")) {
            int tagEnd = token.indexOf('$', 1);
            if (tagEnd < 0) {
                return "";
            }
            int close = token.length() - (tagEnd + 1);
            return close > tagEnd ? token.substring(tagEnd + 1, close) : "";
        }
        int quote = token.indexOf('\'');
        if (quote < 0) {
            return "";
        }
        int last = token.length() > quote + 1 && token.endsWith("'") ? token.length() - 1 : token.length();
        return token.substring(quote + 1, last).replace("''", "'");
    }

    /** The DDL statements of a PL/pgSQL body: each starts a body statement, or follows BEGIN, THEN, ELSE, LOOP. */
    private void readBody(String body) {
        Tokens inner = SqlLexer.tokenize(body, rules);
        for (int s = 0; s < inner.statementCount(); s++) {
            int first = inner.statementFirstToken(s);
            int last = inner.statementEndToken(s);
            for (int i = first; i < last; i++) {
                boolean starts = i == first || BODY_STATEMENT_STARTS.contains(inner.upperWord(i - 1));
                if (starts && (Keywords.ddlAction(inner, i, rules) != null || Keywords.locking(inner, i, rules))) {
                    String text = body.substring(inner.start(i), inner.end(last - 1));
                    out.addAll(StatementParser.read(text, rules, Integer.MAX_VALUE, depth + 1).guarded());
                    break;
                }
            }
        }
    }
}
