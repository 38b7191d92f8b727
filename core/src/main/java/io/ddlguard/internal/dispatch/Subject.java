package io.ddlguard.internal.dispatch;

import io.ddlguard.element.DdlElement;
import io.ddlguard.element.ObjectKind;
import io.ddlguard.element.QualifiedName;
import io.ddlguard.event.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * The objects an element's events are about. A column change is an alteration of its table, so
 * {@code Target.table("t")} hears {@code ALTER TABLE t ADD COLUMN c}; an index, constraint or sequence
 * is its own object; an unnamed object is heard only by targets without a name; a createAll/dropAll run is
 * {@code Target.unit()}.
 */
final class Subject {

    private Subject() {
    }

    static List<Target> of(DdlElement element) {
        ObjectKind kind = element.objectKind();
        if (kind == ObjectKind.UNIT) {
            return List.of(Target.unit());
        }
        if (kind == ObjectKind.COLUMN && element.table().isPresent()) {
            return List.of(Target.of(ObjectKind.TABLE, element.table().get()));
        }
        List<QualifiedName> names = element.names();
        if (names.isEmpty()) {
            return List.of(Target.any(kind));
        }
        List<Target> targets = new ArrayList<>(names.size());
        for (QualifiedName name : names) {
            targets.add(Target.of(kind, name));
        }
        return targets;
    }

    /** The tables an element creates, drops or alters, or those its objects belong to. */
    static List<QualifiedName> tables(DdlElement element) {
        if (element.objectKind() == ObjectKind.TABLE) {
            return element.names();
        }
        return element.table().map(List::of).orElse(List.of());
    }
}
