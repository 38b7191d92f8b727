package io.ddlguard.event;

import io.ddlguard.element.Action;

/** When a listener runs: before or after a statement that creates, drops or alters an object. */
public enum DdlEvent {
    BEFORE_CREATE(Action.CREATE, true),
    AFTER_CREATE(Action.CREATE, false),
    BEFORE_DROP(Action.DROP, true),
    AFTER_DROP(Action.DROP, false),
    BEFORE_ALTER(Action.ALTER, true),
    AFTER_ALTER(Action.ALTER, false);

    private final Action action;
    private final boolean before;

    DdlEvent(Action action, boolean before) {
        this.action = action;
        this.before = before;
    }

    /** The action this event is about. */
    public Action action() {
        return action;
    }

    /** Whether it fires before the statement runs (a listener that throws then vetoes the statement). */
    public boolean isBefore() {
        return before;
    }

    /** The event fired before a statement with {@code action}. */
    public static DdlEvent before(Action action) {
        return switch (action) {
            case CREATE -> BEFORE_CREATE;
            case DROP -> BEFORE_DROP;
            case ALTER -> BEFORE_ALTER;
        };
    }

    /** The event fired after a statement with {@code action} succeeded. */
    public static DdlEvent after(Action action) {
        return switch (action) {
            case CREATE -> AFTER_CREATE;
            case DROP -> AFTER_DROP;
            case ALTER -> AFTER_ALTER;
        };
    }
}
