package io.ddlguard.dialect.postgres;

import io.ddlguard.element.QualifiedName;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The locks a statement form takes on and around one relation it names: the relation itself, its indexes, its
 * TOAST table, ... each in its own mode, as measured against {@code pg_locks} (dialect-rules/LOCKS-postgres-forms.md).
 * Immutable and thread-safe.
 *
 * @param name  the relation the statement names
 * @param modes the mode of each part that is locked; a part not in the map is not locked
 */
public record LockShape(QualifiedName name, Map<Part, LockMode> modes) {

    /** The relations around a named one that a statement may lock. */
    public enum Part {
        /** The named relation. */
        SELF,
        /** Its indexes. */
        INDEXES,
        /** Its TOAST table. */
        TOAST,
        /** Its TOAST table's index. */
        TOAST_INDEX,
        /** The sequences its columns own ({@code serial}, identity). */
        OWNED_SEQUENCES,
        /** For an index: the table it belongs to. */
        TABLE_OF_INDEX,
        /** For a partitioned table: its default partition. */
        DEFAULT_PARTITION,
        /** For a partitioned table: its partitioned indexes. */
        PARTITIONED_INDEXES,
        /** Its partitions and inheritance children, all the way down. */
        DESCENDANTS
    }

    public LockShape {
        Objects.requireNonNull(name, "name");
        EnumMap<Part, LockMode> copy = new EnumMap<>(Part.class);
        copy.putAll(modes);
        modes = Collections.unmodifiableMap(copy);
    }

    /** The named relation alone, in {@code mode}. */
    static LockShape self(QualifiedName name, LockMode mode) {
        return new LockShape(name, Map.of(Part.SELF, mode));
    }

    /** This shape with {@code part} locked in {@code mode} too (the stronger mode where it was locked already). */
    LockShape and(Part part, LockMode mode) {
        EnumMap<Part, LockMode> more = new EnumMap<>(Part.class);
        more.putAll(modes);
        more.merge(part, mode, LockMode::max);
        return new LockShape(name, more);
    }

    /** The two shapes of one name together, each part in the stronger mode. */
    LockShape merge(LockShape other) {
        LockShape merged = this;
        for (Map.Entry<Part, LockMode> e : other.modes.entrySet()) {
            merged = merged.and(e.getKey(), e.getValue());
        }
        return merged;
    }
}
