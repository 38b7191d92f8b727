package io.ddlguard.internal.parser;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;

import java.util.List;

/** Placeholder until the parser lands. */
public final class StatementParser {
    private StatementParser() {
    }

    public static List<DdlElement> parse(String sql, Dialect dialect) {
        return List.of();
    }

    public static boolean mayBeDdl(String sql, Dialect dialect) {
        return false;
    }
}
