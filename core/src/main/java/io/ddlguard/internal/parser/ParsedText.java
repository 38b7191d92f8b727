package io.ddlguard.internal.parser;

import io.ddlguard.element.DdlElement;

import java.util.List;

/**
 * What one SQL text holds for the dispatcher: the DDL elements listeners hear, and every statement the guard
 * bounds. Immutable and thread-safe.
 *
 * @param elements the DDL elements, in statement order: what fires events
 * @param guarded  what the guard bounds, in statement order: the DDL elements, and the statements that are not
 *                 DDL but take locks ({@link io.ddlguard.dialect.DialectRules#lockingStatements()}) with the DDL
 *                 written in a {@code DO} block's body; these extras fire no events
 */
public record ParsedText(List<DdlElement> elements, List<DdlElement> guarded) {

    /** A text with nothing to hear or guard. */
    public static final ParsedText NOTHING = new ParsedText(List.of(), List.of());

    public ParsedText {
        elements = List.copyOf(elements);
        guarded = List.copyOf(guarded);
    }

    /** Whether the text holds nothing the dispatcher acts on. */
    public boolean isEmpty() {
        return guarded.isEmpty();
    }
}
