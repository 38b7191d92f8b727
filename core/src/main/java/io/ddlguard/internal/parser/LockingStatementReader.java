package io.ddlguard.internal.parser;

import io.ddlguard.dialect.DialectRules;
import io.ddlguard.dialect.Keywords;
import io.ddlguard.dialect.SqlLexer;
import io.ddlguard.dialect.Tokens;
import io.ddlguard.dialect.internal.TokenCursor;
import io.ddlguard.element.Action;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.UnrecognizedDdl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
final class LockingStatementReader {

    /** PL/pgSQL words after which a body statement starts, besides a {@code ;}. */
    private static final Set<String> BODY_STATEMENT_STARTS = Set.of("BEGIN", "THEN", "ELSE", "LOOP");
    /** The words of {@code VACUUM}'s and {@code ANALYZE}'s options written without parentheses. */
    private static final Set<String> VACUUM_OPTIONS = Set.of("FULL", "FREEZE", "VERBOSE", "ANALYZE", "ANALYSE");
    /** How deeply DO bodies are read inside DO bodies ({@code EXECUTE 'DO ...'} is not read at all). */
    private static final int MAX_DEPTH = 4;

    private final TokenCursor c;
    private final List<DdlElement> out;
    private final int depth;

    LockingStatementReader(TokenCursor cursor, List<DdlElement> out, int depth) {
        this.c = cursor;
        this.out = out;
        this.depth = depth;
    }

    void read() {
        String keyword = c.word();
        c.p++;
        switch (keyword) {
            case "DO" -> doBlock();
            case "VACUUM", "ANALYZE", "ANALYSE" -> {
                if (c.rules.analyzeIsTableMaintenance()) {
                    tableStatement();
                } else {
                    vacuumOrAnalyze();
                }
            }
            case "CLUSTER" -> cluster();
            case "LOCK" -> lock();
            case "OPTIMIZE", "REPAIR" -> tableStatement();
            default -> throw new TokenCursor.Unreadable();
        }
    }

    private void add(List<QualifiedName> names) {
        out.add(new UnrecognizedDdl(c.sql, Action.ALTER, ObjectKind.TABLE, names, Optional.empty()));
    }

    /** {@code VACUUM [FULL] [(options)] [table [(columns)], ...]}, {@code ANALYZE} alike. */
    private void vacuumOrAnalyze() {
        if (c.atSymbol('(')) {
            c.skipBalanced();
        }
        while (c.atAny(VACUUM_OPTIONS)) {
            c.p++;
        }
        add(names());
    }

    /** {@code CLUSTER [VERBOSE] [(options)] [table [USING index]]}, or the old {@code CLUSTER index ON table}. */
    private void cluster() {
        if (c.atSymbol('(')) {
            c.skipBalanced();
        }
        c.accept("VERBOSE");
        if (!c.atName()) {
            add(List.of());
            return;
        }
        QualifiedName first = c.qualifiedName();
        add(List.of(c.accept("ON") && c.atName() ? c.qualifiedName() : first));
    }

    /**
     * PostgreSQL's {@code LOCK [TABLE] [ONLY] name [*], ... [IN mode MODE] [NOWAIT]}; MySQL's
     * {@code LOCK TABLES t [[AS] alias] READ | WRITE, ...} ({@code LOCK INSTANCE FOR BACKUP} names no table).
     */
    private void lock() {
        if (c.rules.lockModePerTable()) {
            if (!c.accept("TABLES") && !c.accept("TABLE")) {
                add(List.of());
                return;
            }
            List<QualifiedName> names = new ArrayList<>(1);
            do {
                names.add(c.qualifiedName());
                while (c.hasMore() && !c.atSymbol(',')) {
                    c.p++;
                }
            } while (c.acceptSymbol(','));
            add(names);
            return;
        }
        c.accept("TABLE");
        List<QualifiedName> names = new ArrayList<>(1);
        do {
            c.accept("ONLY");
            names.add(c.qualifiedName());
            c.acceptSymbol('*');
        } while (c.acceptSymbol(','));
        add(names);
    }

    /** MySQL's {@code OPTIMIZE | ANALYZE | REPAIR [NO_WRITE_TO_BINLOG | LOCAL] TABLE t, ...}. */
    private void tableStatement() {
        if (!c.accept("NO_WRITE_TO_BINLOG")) {
            c.accept("LOCAL");
        }
        if (!c.accept("TABLE") && !c.accept("TABLES")) {
            return; // MariaDB's ANALYZE SELECT ... is a query
        }
        add(c.nameList());
    }

    /** Table names, each possibly followed by a column list, up to the end or a word that is not a name. */
    private List<QualifiedName> names() {
        List<QualifiedName> names = new ArrayList<>(1);
        while (c.atName()) {
            c.accept("ONLY");
            names.add(c.qualifiedName());
            c.acceptSymbol('*');
            if (c.atSymbol('(')) {
                c.skipBalanced();
            }
            if (!c.acceptSymbol(',')) {
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
        Tokens t = c.t;
        String body = null;
        String language = "plpgsql";
        while (c.hasMore()) {
            if (c.accept("LANGUAGE") && c.atName()) {
                language = t.identifierValue(c.p).toLowerCase(Locale.ROOT);
                c.p++;
            } else if (t.kind(c.p) == Tokens.STRING && body == null) {
                body = stringBody(t.text(c.p));
                c.p++;
            } else {
                c.p++;
            }
        }
        out.add(new UnrecognizedDdl(c.sql, Action.ALTER, ObjectKind.OTHER, List.of(), Optional.empty()));
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
        Tokens inner = SqlLexer.tokenize(body, c.rules);
        for (int s = 0; s < inner.statementCount(); s++) {
            int first = inner.statementFirstToken(s);
            int last = inner.statementEndToken(s);
            for (int i = first; i < last; i++) {
                boolean starts = i == first || BODY_STATEMENT_STARTS.contains(inner.upperWord(i - 1));
                if (starts && (Keywords.ddlAction(inner, i, c.rules) != null || Keywords.locking(inner, i, c.rules))) {
                    String text = body.substring(inner.start(i), inner.end(last - 1));
                    out.addAll(StatementParser.read(text, c.rules, Integer.MAX_VALUE, depth + 1).guarded());
                    break;
                }
            }
        }
    }
}
