package io.ddlguard;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.internal.parser.StatementParser;

import java.util.List;

/**
 * Reads SQL text into DDL elements. Stateless and thread-safe.
 *
 * <p>{@link #parse} never throws: non-DDL gives an empty list, DDL it cannot read fully gives
 * {@link io.ddlguard.element.UnrecognizedDdl}.
 */
public final class DdlParser {

    private DdlParser() {
    }

    /**
     * The DDL elements of {@code sql}, which may hold several statements, in statement order.
     * Non-DDL statements (queries, DML, {@code SET}, transaction control) contribute nothing.
     */
    public static List<DdlElement> parse(String sql, Dialect dialect) {
        return StatementParser.parse(sql, dialect);
    }

    /**
     * Whether {@code sql} may hold DDL: false means it certainly holds none. Cheap enough for every statement
     * an application sends (a scan of the first keyword that skips comments).
     */
    public static boolean mayBeDdl(String sql, Dialect dialect) {
        return StatementParser.mayBeDdl(sql, dialect);
    }
}
