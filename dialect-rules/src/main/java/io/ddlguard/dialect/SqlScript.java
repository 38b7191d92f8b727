package io.ddlguard.dialect;

import io.ddlguard.element.Dialect;

import java.util.ArrayList;
import java.util.List;

/** Splits SQL text into statements by the dialect's lexing rules. Stateless and thread-safe. */
public final class SqlScript {
    private SqlScript() {
    }

    /**
     * The statements of {@code sql}, in order. Each piece keeps its terminator ({@code ;}, a {@code GO}
     * or {@code /} line) and the whitespace and comments around it, so the pieces joined are exactly
     * {@code sql}. Never splits inside strings, comments, quoted identifiers, dollar quotes or
     * routine bodies. Never throws; an empty text gives an empty list.
     */
    public static List<String> split(String sql, Dialect dialect) {
        Tokens tokens = SqlLexer.tokenize(sql, DialectRules.of(dialect));
        List<String> pieces = new ArrayList<>(tokens.statementCount());
        for (int s = 0; s < tokens.statementCount(); s++) {
            pieces.add(sql.substring(tokens.statementCharStart(s), tokens.statementCharEnd(s)));
        }
        return pieces;
    }

    /**
     * The statements of {@code sql} without terminators, surrounding whitespace or comments outside them;
     * empty statements left out. What a driver would run one by one.
     */
    public static List<String> statements(String sql, Dialect dialect) {
        Tokens tokens = SqlLexer.tokenize(sql, DialectRules.of(dialect));
        List<String> statements = new ArrayList<>(tokens.statementCount());
        for (int s = 0; s < tokens.statementCount(); s++) {
            String text = tokens.statementText(s);
            if (!text.isEmpty()) {
                statements.add(text);
            }
        }
        return statements;
    }
}
