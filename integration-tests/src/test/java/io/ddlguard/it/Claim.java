package io.ddlguard.it;

import io.ddlguard.element.Action;
import io.ddlguard.element.DdlElement;
import io.ddlguard.element.Dialect;
import io.ddlguard.element.Identifier;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One object the parser says a statement changes: one name of one element (an element without names gives one
 * claim with no name, which matches any name: the parser cannot know names the engine generates).
 *
 * @param name  the object's name, null when the element has none
 * @param table the table of a column, index, constraint or trigger, null when the element names none
 */
record Claim(String element, Action action, ObjectKind kind, QualifiedName name, QualifiedName table) {

    static List<Claim> of(DdlElement e) {
        String type = e.getClass().getSimpleName();
        QualifiedName table = e.table().orElse(null);
        List<Claim> claims = new ArrayList<>();
        for (QualifiedName n : e.names()) {
            claims.add(new Claim(type, e.action(), e.objectKind(), n, table));
        }
        if (claims.isEmpty()) {
            claims.add(new Claim(type, e.action(), e.objectKind(), null, table));
        }
        return claims;
    }

    /** Whether this claim reports {@code change}, comparing names by the dialect's folding and {@code names}. */
    boolean reports(Change change, Dialect dialect, NameRule names, String defaultSchema) {
        if (action != change.action() || !change.kinds().contains(kind)) {
            return false;
        }
        if ((change.unrecognized() || CatalogDiff.isUnrecognizedKind(change.kinds()))
                && !element.equals("UnrecognizedDdl")) {
            return false;
        }
        if (change.name() != null && name != null
                && !names.key(kind, name.name().folded(dialect)).equals(names.key(kind, change.name()))) {
            return false;
        }
        if (kind == ObjectKind.SCHEMA || kind == ObjectKind.DATABASE) {
            return true;
        }
        if (change.table() == null) {
            return name == null || sameSchema(name.schema(), change.schema(), dialect, names, defaultSchema);
        }
        if (table == null) {
            return true;
        }
        return names.key(ObjectKind.TABLE, table.name().folded(dialect)).equals(names.key(ObjectKind.TABLE, change.table()))
                && sameSchema(table.schema(), change.schema(), dialect, names, defaultSchema);
    }

    private static boolean sameSchema(Optional<Identifier> written, String actual, Dialect dialect, NameRule names,
                                      String defaultSchema) {
        if (actual == null) {
            return true;
        }
        String claimed = written.map(i -> i.folded(dialect)).orElse(defaultSchema);
        return names.key(ObjectKind.SCHEMA, claimed).equals(names.key(ObjectKind.SCHEMA, actual));
    }

    @Override
    public String toString() {
        if (action == null) {
            return element;
        }
        StringBuilder sb = new StringBuilder().append(element).append(": ").append(action).append(' ').append(kind)
                .append(' ').append(name == null ? "<no name>" : name);
        if (table != null) {
            sb.append(" on ").append(table);
        }
        return sb.toString();
    }
}
