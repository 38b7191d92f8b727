package io.ddlguard.schema;

import io.ddlguard.element.QualifiedName;

import java.util.List;

/**
 * Tables cannot be ordered: dependencies that may not be left out ({@link TableSorter#dependency explicit ones},
 * and foreign keys the filter keeps {@link ForeignKeyFilter.Decision#INLINE inline}) form a cycle.
 */
public final class CircularDependencyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient List<QualifiedName> cycle;

    CircularDependencyException(String message, List<QualifiedName> cycle) {
        super(message);
        this.cycle = List.copyOf(cycle);
    }

    /** The tables of the cycle (or cycles), sorted by their unquoted full names. */
    public List<QualifiedName> cycle() {
        return cycle;
    }
}
