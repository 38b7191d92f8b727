package io.ddlguard.it;

import io.ddlguard.element.ObjectKind;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * When two names (one from the catalog, one from the parser after the dialect's folding) name the same object.
 *
 * <ul>
 *   <li>MySQL/MariaDB on Linux: schema, table, view, sequence and trigger names are compared exactly; column,
 *       index, constraint and routine names ignore case (as the server does).</li>
 *   <li>H2: exactly; the parser side has already folded unquoted names to upper case.</li>
 *   <li>SQLite: ignoring case, everywhere.</li>
 * </ul>
 */
@FunctionalInterface
interface NameRule {

    /** The comparison key of {@code name}, an object of {@code kind}. */
    String key(ObjectKind kind, String name);

    NameRule EXACT = (kind, name) -> name;

    NameRule IGNORE_CASE = (kind, name) -> name.toLowerCase(Locale.ROOT);

    NameRule MYSQL = new NameRule() {
        private final Set<ObjectKind> caseInsensitive = EnumSet.of(ObjectKind.COLUMN, ObjectKind.INDEX,
                ObjectKind.CONSTRAINT, ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.EVENT);

        @Override
        public String key(ObjectKind kind, String name) {
            return caseInsensitive.contains(kind) ? name.toLowerCase(Locale.ROOT) : name;
        }
    };
}
