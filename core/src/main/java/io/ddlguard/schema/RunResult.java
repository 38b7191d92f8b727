package io.ddlguard.schema;

import io.ddlguard.element.QualifiedName;
import io.ddlguard.element.UnitOfWork;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Schema#createAll createAll} or {@link Schema#dropAll dropAll} run did. Immutable and thread-safe.
 *
 * @param unit     the run: the tables that ran in run order, the flag, the statements in the order they ran (the
 *                 element the unit-level events were fired with)
 * @param skipped  the tables {@code checkFirst} left out: those that existed (createAll) or did not (dropAll)
 * @param warnings what was logged at WARN about the run (a foreign-key cycle SQLite cannot break), if anything
 */
public record RunResult(UnitOfWork unit, List<QualifiedName> skipped, List<String> warnings) {
    public RunResult {
        Objects.requireNonNull(unit, "unit");
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    /** The tables that ran, in run order. */
    public List<QualifiedName> tables() {
        return unit.tables();
    }

    /** The statements that ran, in order. */
    public List<String> statements() {
        return unit.statements();
    }
}
